import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { readRatingBook } from '../../../src/core/runs/ratingBook';
import { newRating, type Rating } from '../../../src/core/store/ratings';
import { openTable } from '../../../src/core/store/tableWriter';
import { useTempDir } from './workspace';

describe('ratings', () => {
  const t = useTempDir();

  it('builds a rating whose id comes from the correction and the time, leaving out an empty note', () => {
    const at = new Date('2026-11-25T14:33:05.123Z');
    const r = newRating('c1', 'good', '', at);
    assert.deepEqual(Object.keys(r).sort(), ['at', 'correctionId', 'id', 'rating']);
    assert.equal(r.at, '2026-11-25T14:33:05.123Z');
    assert.equal(newRating('c1', 'poor', 'wrong step', at).id, r.id, 'same correction, same moment: same id');
    assert.notEqual(newRating('c1', 'good', undefined, new Date(at.getTime() + 1)).id, r.id);
    assert.notEqual(newRating('c2', 'good', undefined, at).id, r.id);
  });

  it('folds the old ratings table to the last rating of each correction (the unnamed rater)', async () => {
    const file = join(t.dir(), 'ratings.jsonl');
    const writer = await openTable<Rating>(file, { onDiagnostic: t.collect });
    const t0 = Date.parse('2026-11-25T14:00:00Z');
    await writer.append(newRating('c1', 'poor', undefined, new Date(t0)));
    await writer.append(newRating('c2', 'excellent', undefined, new Date(t0 + 1000)));
    await writer.append(newRating('c1', 'good', 'explanation fine after a second look', new Date(t0 + 2000)));
    await writer.close();

    const latest = (await readRatingBook(t.dir(), t.collect)).inForceMap('agreed');
    assert.equal(latest.size, 2);
    assert.equal(latest.get('c1')?.rating, 'good');
    assert.equal(latest.get('c1')?.note, 'explanation fine after a second look');
    assert.equal(latest.get('c2')?.rating, 'excellent');
    assert.equal(latest.get('c1')?.rater, '(unnamed)');
  });
});
