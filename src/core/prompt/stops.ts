/**
 * The stop sequences sent to the server: the Codex paper's set (Chen et al. 2021). Each starts with a
 * line break followed directly by a keyword, so it only matches at column 0 — a method's or nested
 * function's indented body never triggers it, while the first top-level statement after the function does.
 * The post-processor cuts again, block-aware, so nothing that could end a valid body is added here.
 */
export const CODEX_STOP_SEQUENCES: readonly string[] = ['\nclass', '\ndef', '\n#', '\nif', '\nprint'];
