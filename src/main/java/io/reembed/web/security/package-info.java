/**
 * The server's security: API tokens scoped to clients and roles, bearer-token authentication of the API, and the
 * checks the API makes of the caller's scope.
 */
@NullMarked
package io.reembed.web.security;

import org.jspecify.annotations.NullMarked;
