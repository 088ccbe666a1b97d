// Types for iban.js (plain JavaScript served to the browser as-is, and imported by the emulator's API).
import type { FieldCheck } from './card.js';

export declare const IBAN_LENGTHS: Readonly<Record<string, number>>;
export declare function compactIban(value: unknown): string;
export declare function normalizeIban(raw: string): string | null;
export declare function formatIban(value: string): string;
export declare function checkIban(value: string): FieldCheck;
