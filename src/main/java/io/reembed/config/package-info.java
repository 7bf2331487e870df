/**
 * Root configuration properties and the catalog of tables loaded from batch-config.
 */
@NullMarked
package io.reembed.config;

import org.jspecify.annotations.NullMarked;
