import { render } from 'preact';
import '../../components/common/theme.css';
import '../../components/reading-list/reading-list.css';
import { getDb } from '../../storage/db';
import { ReadingListApp } from './App';
import { notifyBackground } from './notify';

const db = getDb();
// Opening IndexedDB takes a while; let it run while the page renders. A failure is reported by
// the page's own queries, which open the database again.
db.open().catch(() => {});
render(<ReadingListApp db={db} notify={notifyBackground} />, document.getElementById('app') as HTMLElement);
