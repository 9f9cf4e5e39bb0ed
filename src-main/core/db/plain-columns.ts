// A table's columns as `"sql_name" AS "tsName"`, for plain better-sqlite3 statements on hot
// paths: drizzle maps every row it reads in JavaScript, which for a one-row lookup costs
// several times the query. Only for tables of plain text and number columns (no modes or
// custom types), whose rows come out of SQLite exactly as drizzle would give them.
import { getTableColumns, type Table } from 'drizzle-orm';

const PLAIN = new Set(['SQLiteText', 'SQLiteInteger', 'SQLiteReal']);

export function plainColumns(table: Table): string {
  return Object.entries(getTableColumns(table))
    .map(([key, column]) => {
      // Timestamps, booleans and JSON have column types of their own (SQLiteTimestamp, …).
      if (!PLAIN.has(column.columnType)) {
        throw new Error(`plainColumns: ${column.name} (${column.columnType}) needs drizzle's mapping`);
      }
      return `"${column.name}" AS "${key}"`;
    })
    .join(', ');
}
