/** Export and import wiring shared by the reading list and the options page. */
import type { DataMessage } from '../../components/common/DataControls';
import { downloadFile } from '../../components/common/download';
import { type ExportFormat, exportBackup, exportPapers } from '../../lib/export/files';
import { send } from '../../lib/messaging';
import type { PaperSiftDB, SavedPaper } from '../../storage/db';
import { deleteEverything, importFile, readBackupData, withAliases } from '../../storage/reading-list';
import type { Notify } from './notify';

/**
 * Tells open sidebars that topics, corrections or the reading list changed under them (they
 * cannot see the extension's IndexedDB): the background broadcasts `classifier.changed`.
 */
export type ClassifierNotify = () => void;

export const notifyClassifierChanged: ClassifierNotify = () => {
  try {
    send('classifier.notifyChanged', {}).catch((e: unknown) =>
      console.warn('PaperSift: could not tell open pages to classify again', e),
    );
  } catch (e) {
    console.warn('PaperSift: could not tell open pages to classify again', e);
  }
};

/** Exports `papers` (or everything when null) and says what was written. */
export async function exportData(
  db: PaperSiftDB,
  format: ExportFormat,
  papers: readonly SavedPaper[] | null,
  topicName: (id: string) => string,
): Promise<DataMessage> {
  if (format === 'json') {
    const all = await readBackupData(db);
    const ids = new Set(papers?.map((p) => p.id));
    const data = papers
      ? {
          ...all,
          papers: [...papers],
          corrections: all.corrections.filter((c) => ids.has(c.paperId)),
          aliases: all.aliases.filter((a) => ids.has(a.paperId)),
        }
      : all;
    const file = exportBackup(data);
    downloadFile(file);
    return {
      kind: 'ok',
      text: `Saved ${file.filename}: ${data.papers.length.toLocaleString()} papers and settings.`,
    };
  }
  const list = papers ?? (await readBackupData(db)).papers.filter((p) => p.status !== 'dismissed');
  if (list.length === 0) return { kind: 'error', text: 'Nothing to export: no papers in this selection.' };
  const file = exportPapers(
    format,
    [...list].sort((a, b) => b.savedAt - a.savedAt),
    topicName,
  );
  downloadFile(file);
  return { kind: 'ok', text: `Saved ${file.filename} with ${list.length.toLocaleString()} papers.` };
}

/** Deletes every paper, topic, correction and setting; open sidebars drop their marks and classify afresh. */
export async function deleteAllData(
  db: PaperSiftDB,
  notify: Notify,
  classifierChanged: ClassifierNotify = notifyClassifierChanged,
): Promise<void> {
  const ids = await withAliases(db, (await db.papers.toCollection().primaryKeys()) as string[]);
  await deleteEverything(db);
  notify(ids);
  classifierChanged();
}

export async function importData(
  db: PaperSiftDB,
  file: File,
  notify: Notify,
  classifierChanged: ClassifierNotify = notifyClassifierChanged,
): Promise<DataMessage> {
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    return { kind: 'error', text: `Could not read ${file.name}: ${String(e)}. Nothing was changed.` };
  }
  const r = await importFile(db, file.name, text);
  if (!r.ok) return { kind: 'error', text: `${file.name}: ${r.error}. Nothing was changed.` };
  const { summary: s, skipped, kind } = r.value;
  notify(s.changedIds);
  // A backup brings topics and corrections; any import changes the reading list (relevance).
  classifierChanged();
  const parts = [`${s.added.toLocaleString()} new`, `${s.merged.toLocaleString()} merged`];
  if (s.unchanged) parts.push(`${s.unchanged.toLocaleString()} already up to date`);
  if (kind === 'backup')
    parts.push(`${s.topics} topics`, `${s.corrections} corrections`, `${s.settings} settings`);
  let text2 = `Imported ${file.name}: ${parts.join(', ')}.`;
  if (skipped.length) {
    const first = skipped
      .slice(0, 3)
      .map((x) => `line ${x.line} (${x.key}): ${x.reason}`)
      .join('; ');
    text2 += ` Skipped ${skipped.length} entr${skipped.length === 1 ? 'y' : 'ies'} — ${first}${skipped.length > 3 ? '; …' : ''}.`;
  }
  return { kind: 'ok', text: text2 };
}
