/**
 * The files that hold a run's judgements of its corrections, read and appended in one place: the
 * old `ratings.jsonl` (no rater: it keeps loading as the unnamed rater, and is never rewritten),
 * one `ratings/<rater>.jsonl` per rater, and `adjudications.jsonl`. Each append opens the file's
 * writer (taking its lock) and closes it again, so the CLI and a VS Code window can rate the same
 * run one after another.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostic';
import { adjudicationsFile, type Adjudication } from './adjudications';
import { tableFile } from './layout';
import { RATINGS_DIR, raterRatingsFile, UNNAMED_RATER } from './raters';
import type { Rating } from './ratings';
import { readTable, type StoredRecord } from './tableReader';
import { openTable } from './tableWriter';

/** A ratings file of a run and whose ratings it holds when a line names no rater. */
export interface RatingsFile {
  file: string;
  /** The rater of lines without one: the unnamed rater for the old file, the file's stem for a rater file. */
  fallbackRater: string;
}

/** The old ratings.jsonl first, then each rater's file in name order (readdir order differs between systems). */
export async function ratingsFiles(runDir: string): Promise<RatingsFile[]> {
  const files: RatingsFile[] = [{ file: tableFile(runDir, 'ratings'), fallbackRater: UNNAMED_RATER }];
  let names: string[] = [];
  try {
    names = (await readdir(join(runDir, RATINGS_DIR), { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.jsonl')).map((e) => e.name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  for (const name of names.sort()) files.push({ file: join(runDir, RATINGS_DIR, name), fallbackRater: name.slice(0, -'.jsonl'.length) });
  return files;
}

/** The rater a stored rating counts for. */
export function raterOf(r: Rating, fallbackRater: string): string {
  return typeof r.rater === 'string' && r.rater.trim() !== '' ? r.rater : fallbackRater;
}

/** Every rating of a run, each with its rater, file by file in table order. */
export async function* readRatings(runDir: string, onDiagnostic: (d: Diagnostic) => void): AsyncGenerator<Rating & { rater: string }> {
  for (const { file, fallbackRater } of await ratingsFiles(runDir)) {
    for await (const r of readTable<Rating>(file, onDiagnostic)) yield { ...r, rater: raterOf(r, fallbackRater) };
  }
}

export function readAdjudications(runDir: string, onDiagnostic: (d: Diagnostic) => void): AsyncGenerator<Adjudication> {
  return readTable<Adjudication>(adjudicationsFile(runDir), onDiagnostic);
}

/** Appends a named rater's rating to their own file. */
export async function appendRaterRating(runDir: string, rating: Rating & { rater: string }, onDiagnostic: (d: Diagnostic) => void): Promise<void> {
  await appendOnce(raterRatingsFile(runDir, rating.rater), rating, onDiagnostic);
}

export async function appendAdjudication(runDir: string, adjudication: Adjudication, onDiagnostic: (d: Diagnostic) => void): Promise<void> {
  await appendOnce(adjudicationsFile(runDir), adjudication, onDiagnostic);
}

async function appendOnce(file: string, record: StoredRecord, onDiagnostic: (d: Diagnostic) => void): Promise<void> {
  const writer = await openTable<StoredRecord>(file, { onDiagnostic });
  try {
    await writer.append(record);
  } finally {
    await writer.close();
  }
}
