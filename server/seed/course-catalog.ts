import type { Track } from '../../models/course';
import type { Bilingual } from '../lib/bilingual';
import catalog from './data/demo-catalog.json';

/**
 * The demo programme's made-up catalog (data/demo-catalog.json): course titles with a summary per
 * track along the battery value chain of DESIGN.md section 2, the codes of the skills each track's
 * courses train, venues and instructors in Pohang, and the demo learners' names.
 */
export const demoCatalog: {
  titles: Record<Track, { title: Bilingual; summary: Bilingual }[]>;
  skillsByTrack: Record<Track, string[]>;
  venues: string[];
  instructors: string[];
  learners: string[];
} = catalog;
