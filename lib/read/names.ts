/**
 * The name lists: the peers' whole lists (services, a service's operations and remote services, an
 * autocomplete key's values), each capped at its cardinality bound, and the search form's
 * suggestions, a few matching names at a time.
 */
export { matchOperationNames, matchServiceNames } from "../db/names";
export {
  listAutocompleteValues,
  listOperations,
  listRemoteServiceNames,
  listServiceNames,
} from "../db/traces";
