/**
 * reembed as a Spring Cloud Task: launches recorded as task executions linked to their job executions, their exit
 * codes, and one launch at a time per client's table.
 */
@NullMarked
package io.reembed.task;

import org.jspecify.annotations.NullMarked;
