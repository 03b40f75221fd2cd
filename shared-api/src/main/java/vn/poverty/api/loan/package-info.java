/**
 * Preferential loans of the Social Policy Bank: application (eligibility judged on the household's status on the
 * application date), approval or rejection, disbursement with its repayment schedule, repayments, settlement,
 * write-off, and the overdue events of the daily check.
 */
package vn.poverty.api.loan;
