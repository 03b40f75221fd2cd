/** Communes: administrative units with a code, a name, an area type and household totals over time. */
package vn.poverty.api.commune;
