import { render } from 'preact';
import browser from 'webextension-polyfill';
import '../../components/common/theme.css';
import '../../components/popup/popup.css';
import { send } from '../../lib/messaging';
import { getDb } from '../../storage/db';
import { PopupApp } from './App';

async function openReadingList(): Promise<void> {
  try {
    // The background focuses a reading-list tab that is already open instead of adding another.
    await send('readingList.open', {});
  } catch {
    await browser.tabs.create({ url: browser.runtime.getURL('/reading-list.html') });
  }
  window.close();
}

async function openOptions(): Promise<void> {
  await browser.runtime.openOptionsPage();
  window.close();
}

render(
  <PopupApp
    db={getDb()}
    openReadingList={() => void openReadingList()}
    openOptions={() => void openOptions()}
  />,
  document.getElementById('app') as HTMLElement,
);
