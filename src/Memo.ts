/**
 * Memo values, decoded lazily.
 *
 * @since 0.1.0
 */
export * from "./schema/Memo.js"
