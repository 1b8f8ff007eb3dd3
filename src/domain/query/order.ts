/** One `$orderby` clause: a property and its direction. Graph's directory lists sort by one property. */
export interface OrderBy {
  readonly property: string;
  readonly descending: boolean;
}
