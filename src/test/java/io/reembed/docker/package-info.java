/**
 * The container image and the compose stack under docker/, checked without a Docker engine.
 */
@NullMarked
package io.reembed.docker;

import org.jspecify.annotations.NullMarked;
