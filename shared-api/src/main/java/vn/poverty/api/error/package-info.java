/** Typed refusal details shared by the command bus and the web layer. */
package vn.poverty.api.error;
