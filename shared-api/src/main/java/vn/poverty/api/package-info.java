/**
 * Contracts shared by the command side, the query side and API clients: commands, events, responses and value
 * types as plain Java records. No Spring, no JPA: only Axon's message annotations and Jackson's.
 */
package vn.poverty.api;
