import type { TokenGate, Tokens } from './tokens';

/** Finding types: Presidio's entity names where one exists; every secret is SECRET with a rule id. */
export type FindingType =
  | 'CREDIT_CARD' | 'EMAIL_ADDRESS' | 'PHONE_NUMBER' | 'IP_ADDRESS' | 'MAC_ADDRESS' | 'IBAN_CODE' | 'CRYPTO'
  | 'US_SSN' | 'US_ITIN' | 'US_NPI' | 'US_MBI' | 'ABA_ROUTING_NUMBER' | 'MEDICAL_LICENSE'
  | 'UK_NHS' | 'UK_NINO' | 'ES_NIF' | 'ES_NIE' | 'IT_FISCAL_CODE' | 'PL_PESEL' | 'SE_PERSONNUMMER'
  | 'FI_PERSONAL_IDENTITY_CODE' | 'DE_TAX_ID'
  | 'AU_TFN' | 'AU_ABN' | 'AU_ACN' | 'AU_MEDICARE'
  | 'SECRET';

/**
 * One finding. It never carries the matched text: only where it is and what it is, so a
 * finding can be logged, returned in an error or audited without leaking the value.
 */
export interface Finding {
  readonly type: FindingType;
  readonly rule: string;
  /** JavaScript string index of the first character. */
  readonly start: number;
  /** JavaScript string index one past the last character. */
  readonly end: number;
  /** Confidence from 0 to 1. */
  readonly score: number;
  /**
   * Set when the value was found inside encoded text: the encodings peeled, outermost first,
   * joined by `/` (`base64`, `percent/base64`). The span is then the whole encoded segment.
   */
  readonly encoding?: string;
}

/** Which detectors run: one group for everyone, one per region profile. */
export type DetectorGroup = 'global' | 'us' | 'eu' | 'au' | 'secrets';

export interface Candidate {
  /** Offsets of the sensitive value inside the text. */
  readonly start: number;
  readonly end: number;
  readonly score: number;
  /** Set by detectors that report several types (the shared numeric scan). */
  readonly type?: FindingType;
  readonly rule?: string;
  readonly context?: readonly string[];
}

export interface Detector {
  readonly type: FindingType;
  /** Rule id (gitleaks' where one exists for secrets; the detector's own for PII). */
  readonly rule: string;
  readonly group: DetectorGroup;
  /**
   * Literal prefilter: the detector runs only if one of these (lower-case) strings occurs in the
   * lower-cased text. Omitted means the detector always runs.
   */
  readonly keywords?: readonly string[];
  /** Words that, shortly before a match, raise its score (as Presidio's context enhancer does). */
  readonly context?: readonly string[];
  /**
   * Every value in `text` (`lower` is `text.toLowerCase()`). With `tokens` (tokenize over
   * `text`), a gated detector tries its pattern only at the tokens its gate passes.
   */
  find(text: string, lower: string, tokens?: Tokens): Iterable<Candidate>;
  /**
   * Detectors whose values start at a token: the gate, and a search tried only at the offsets
   * the engine's one dispatch pass over the tokens found for it. Same results as `find`. The
   * engine also passes the text's code units and UNITS_PADDING zeros after them (its walk's copy), which a
   * detector may read instead of charCodeAt.
   */
  readonly token?: TokenGate;
  findAt?(text: string, starts: ArrayLike<number>, units?: Uint16Array): Iterable<Candidate>;
  /** A string (not a token) that values may also start at: `findAt` runs where it occurs even with no gated token. */
  readonly alsoAtText?: string;
  /**
   * Detectors whose values start at one of their keywords: the search tried only at the start
   * offsets of those keywords (ascending) that the engine's pass recorded. Same results as `find`.
   */
  findAtKeywords?(text: string, starts: ArrayLike<number>): Iterable<Candidate>;
}
