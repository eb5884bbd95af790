/**
 * Listings as Streams: page after page through a page token, stopping after
 * `limit` items when given.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/**
 * One page of a listing.
 *
 * @internal
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  /** The token of the next page; absent on the last page. */
  readonly nextPageToken: Uint8Array | undefined
}

/**
 * The next page token of a response: absent when empty (the last page).
 *
 * @internal
 */
export const nextTokenOf = (token: Uint8Array | null | undefined): Uint8Array | undefined =>
  token && token.length > 0 ? token : undefined

/**
 * Every item of a listing, fetching the first page with no token and each
 * next one with the token the previous page gave, until a page gives none
 * (or `limit` items were taken).
 *
 * @internal
 */
export const pagedStream = <A, E, R>(
  fetchPage: (token: Uint8Array | undefined) => Effect.Effect<Page<A>, E, R>,
  limit?: number | undefined
): Stream.Stream<A, E, R> => {
  const pages = Stream.paginate(Option.none<Uint8Array>(), (token: Option.Option<Uint8Array>) =>
    Effect.map(
      fetchPage(Option.getOrUndefined(token)),
      (page) =>
        [
          page.items,
          page.nextPageToken === undefined ? Option.none() : Option.some(Option.some(page.nextPageToken))
        ] as const
    ))
  return limit !== undefined ? Stream.take(pages, limit) : pages
}
