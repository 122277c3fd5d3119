import type { Machine } from '../../src/domain/machine';

/** The machine a test's record is written on. */
export const LAPTOP: Machine = { id: '0b5c6a1e-1111-4a4a-8a8a-000000000001', name: 'laptop' };
/** A second machine sharing the record (through the sync folder). */
export const DESKTOP: Machine = { id: '0b5c6a1e-2222-4a4a-8a8a-000000000002', name: 'desktop' };
