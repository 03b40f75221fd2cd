/** Roles of the programme's users, shared by both apps and their clients. */
package vn.poverty.api.access;
