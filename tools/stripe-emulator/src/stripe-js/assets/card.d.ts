// Types for card.js (plain JavaScript served to the browser as-is).
export interface BrandInfo {
  brand: string;
  pattern: RegExp;
  lengths: number[];
  cvcLength: number;
  gaps: number[];
}

export type FieldState = 'empty' | 'incomplete' | 'invalid' | 'complete';

export interface FieldCheck {
  state: FieldState;
  /** Stripe.js's validation error code when the field is not complete, e.g. `invalid_number`. */
  code: string | null;
}

export declare const BRANDS: BrandInfo[];
export declare function digitsOf(value: unknown): string;
export declare function brandOf(number: string): BrandInfo;
export declare function luhn(digits: string): boolean;
export declare function formatNumber(value: string): string;
export declare function formatExpiry(value: string, deleting?: boolean): string;
export declare function formatCvc(value: string, number: string): string;
export declare function checkNumber(value: string, final?: boolean): FieldCheck;
export declare function checkExpiry(value: string, now?: Date): FieldCheck & { month?: number; year?: number };
export declare function checkCvc(value: string, number: string): FieldCheck;
export declare function checkPostalCode(value: string, country: string): FieldCheck;
