export { BACKUP_FORMAT, BACKUP_VERSION, type BackupData, parseJsonBackup, toJsonBackup } from './backup';
export { citeKeys, toBibtex } from './bibtex';
export { type BibtexImport, parseBibtex } from './bibtex-parse';
export { csvField, toCsv } from './csv';
export { EXPORT_FORMATS, type ExportFormat, exportBackup, exportPapers, parseImportFile } from './files';
export { toMarkdown } from './markdown';
export { toRis } from './ris';
