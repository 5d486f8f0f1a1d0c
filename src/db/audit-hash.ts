/** SHA-256 of an audit entry's chain content: the one hash the log is written and verified with. */
import { createHash } from 'node:crypto';
import { chainContent, type ChainedEntry } from '../domain/audit-chain.ts';

export const sha256 = (content: string): string => createHash('sha256').update(content).digest('hex');

export const entryHash = (entry: ChainedEntry): string => sha256(chainContent(entry));
