/**
 * Demo data: realistic issues, pull requests and comments for several clients, generated from a fixed seed.
 */
@NullMarked
package io.reembed.demo;

import org.jspecify.annotations.NullMarked;
