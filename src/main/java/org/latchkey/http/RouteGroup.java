package org.latchkey.http;

/** One feature's routes, registered when the server starts; the server mounts the groups it is given. */
@FunctionalInterface
public interface RouteGroup {

    void register(Routes routes);
}
