import { Button } from '../../components/Button';
import { download, toCsv } from './csv';

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null;
  /** What the screen shows, when it differs from the exported value. */
  render?: (row: T) => React.ReactNode;
  numeric?: boolean;
}

/** A table with an "Export CSV" button that saves exactly the rows and columns shown. */
export function DataTable<T>({ title, rows, columns, fileName, empty }: { title: string; rows: T[]; columns: Column<T>[]; fileName: string; empty: string }) {
  const exportCsv = () => download(fileName, toCsv(columns.map((c) => c.header), rows.map((r) => columns.map((c) => c.value(r)))));
  return (
    <section className="analytics-table">
      <header className="analytics-table__head">
        <h3>{title}</h3>
        {rows.length > 0 ? (
          <Button variant="ghost" className="no-print" onClick={exportCsv}>
            Export CSV
          </Button>
        ) : null}
      </header>
      {rows.length === 0 ? (
        <p className="empty-note">{empty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} className={c.numeric ? 'num' : undefined} scope="col">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c.header} className={c.numeric ? 'num' : undefined}>
                    {c.render ? c.render(r) : c.value(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
