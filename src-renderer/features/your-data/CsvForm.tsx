import { useEffect, useState } from 'react';
import type { CsvExportResult } from '../../../src-shared/your-data';
import { errorMessage } from '../../api/error-message';
import { useAppInfo, useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { defaultFileName, joinPath } from './job-words';

/** Save a table (posts, their results, analytics) as CSV for a spreadsheet. */
export function CsvForm({ workspaceId, workspaceName }: { workspaceId: string; workspaceName: string }) {
  const { api } = useSession();
  const info = useAppInfo((s) => s.info);
  const [tables, setTables] = useState<string[]>([]);
  const [table, setTable] = useState('posts');
  const [out, setOut] = useState('');
  const [done, setDone] = useState<CsvExportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call('data.csvTables', { workspaceId }).then(setTables, (failure: unknown) => setError(errorMessage(failure)));
  }, [api, workspaceId]);
  const target = out || (info ? joinPath(info.dataDir, defaultFileName(`${workspaceName}-${table}`, 'csv'), info.platform) : '');

  const save = async () => {
    setError(null);
    setDone(null);
    try {
      setDone(await api.call('data.exportCsv', { workspaceId, table, out: target }));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <form
      className="data-form"
      aria-label="Save as CSV"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3 className="data-form__title">Save as CSV</h3>
      <SelectField label="Table" value={table} onChange={(e) => setTable(e.target.value)} options={tables.map((t) => ({ value: t, label: t.replace(/_/g, ' ') }))} />
      <TextField label="Save CSV to file" value={target} onChange={(e) => setOut(e.target.value)} />
      <div>
        <Button type="submit">Save CSV</Button>
      </div>
      {done ? (
        <InlineMessage tone="success">
          Saved {done.rows} rows to <code className="path">{done.file}</code>.
        </InlineMessage>
      ) : null}
      {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
    </form>
  );
}
