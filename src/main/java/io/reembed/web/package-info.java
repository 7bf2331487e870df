/**
 * The REST API of {@code serve}: jobs submitted, listed, inspected, followed as server-sent events, cancelled and
 * restarted, and tables rolled back.
 */
@NullMarked
package io.reembed.web;

import org.jspecify.annotations.NullMarked;
