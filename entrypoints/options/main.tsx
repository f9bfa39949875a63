import { render } from 'preact';
import '../../components/common/theme.css';
import '../../components/options/options.css';
import { getDb } from '../../storage/db';
import { notifyBackground } from '../reading-list/notify';
import { OptionsApp } from './App';
import { backgroundTopicWriter } from './topic-writer';

render(
  <OptionsApp db={getDb()} topics={backgroundTopicWriter} notify={notifyBackground} />,
  document.getElementById('app') as HTMLElement,
);
