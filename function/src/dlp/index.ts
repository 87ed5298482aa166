export * from './types';
export { encodedSegments, MAX_SEGMENT, type EncodedSegment, type Encoding } from './decode';
export { normalize, originalSpan, type NormalizedText } from './normalize';
export { scan, redact, summarize, Scanner, InputTooLargeError, DLP_PROFILES, isDlpProfile, detectorsFor, ALL_DETECTORS, DEFAULT_MAX_INPUT, DEFAULT_DECODE_DEPTH, type DlpProfile, type ScanOptions } from './engine';
export { DlpPolicy, type DlpAction, type DlpPolicyConfig, type DlpVerdict } from './policy';
