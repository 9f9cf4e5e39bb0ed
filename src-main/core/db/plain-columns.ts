// Plain better-sqlite3 statements for hot paths, written from a drizzle table: drizzle maps
// every row it reads in JavaScript and fills every placeholder on each run, which for a
// one-row statement costs several times the statement. Only for tables of plain text and
// number columns (no modes or custom types), whose values go in and come out of SQLite exactly
// as drizzle would pass and give them.
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';

const PLAIN = new Set(['SQLiteText', 'SQLiteInteger', 'SQLiteReal']);

/** The SQL name of a column, by its TypeScript key; throws for one that needs drizzle's mapping. */
function columnName(table: Table, key: string): string {
  const column = getTableColumns(table)[key];
  if (!column) throw new Error(`plain-columns: ${getTableName(table)} has no column ${key}`);
  // Timestamps, booleans and JSON have column types of their own (SQLiteTimestamp, …).
  if (!PLAIN.has(column.columnType)) throw new Error(`plain-columns: ${column.name} (${column.columnType}) needs drizzle's mapping`);
  return column.name;
}

/** A table's columns as `"sql_name" AS "tsName"`, for a SELECT whose rows come out as drizzle's would. */
export function plainColumns(table: Table): string {
  return Object.keys(getTableColumns(table))
    .map((key) => `"${columnName(table, key)}" AS "${key}"`)
    .join(', ');
}

/** `UPDATE … SET "sql_name" = @tsName, …` for the given keys, bound from an object by TypeScript key; the caller adds WHERE. */
export function plainUpdate(table: Table, keys: readonly string[]): string {
  return `UPDATE "${getTableName(table)}" SET ${keys.map((key) => `"${columnName(table, key)}" = @${key}`).join(', ')}`;
}
