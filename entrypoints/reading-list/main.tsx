import { render } from 'preact';
import '../../components/common/theme.css';
import '../../components/reading-list/reading-list.css';
import { getDb } from '../../storage/db';
import { ReadingListApp } from './App';

render(<ReadingListApp db={getDb()} />, document.getElementById('app') as HTMLElement);
