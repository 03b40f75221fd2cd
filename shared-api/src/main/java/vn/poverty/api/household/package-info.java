/**
 * Households: registration, review surveys (assessments) under a poverty standard, and the commune chair's
 * recognition decisions that make a status official from the decision date.
 */
package vn.poverty.api.household;
