package org.latchkey.cli;

import picocli.CommandLine.Option;

/** {@code --org ORG}: the commands that manage what you own act for an organisation you own instead. */
final class OwnerOption {

    @Option(names = "--org", paramLabel = "ORG", description = "An organisation you own, instead of yourself.")
    String org;
}
