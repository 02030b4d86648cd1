/** A problem with one row (or the header) of an imported CSV file. */
export type CsvRowError = {
  /** 1-based physical line where the row starts (the header is line 1). */
  line: number;
  /** The column concerned, as named in the header. */
  column?: string;
  message: string;
};

/** Valid rows are returned even when other rows fail. */
export type CsvImportResult<Row> = { rows: Row[]; errors: CsvRowError[] };
