import { render } from 'preact';
import '../../components/common/theme.css';
import '../../components/reading-list/reading-list.css';
import { getDb } from '../../storage/db';
import { ReadingListApp } from './App';
import { notifyBackground } from './notify';

render(
  <ReadingListApp db={getDb()} notify={notifyBackground} />,
  document.getElementById('app') as HTMLElement,
);
