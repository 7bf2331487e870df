/**
 * The audit log: every submit, cancel, restart and rollback, in a hash chain that shows tampering.
 */
@NullMarked
package io.reembed.audit;

import org.jspecify.annotations.NullMarked;
