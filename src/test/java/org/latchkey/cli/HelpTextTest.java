package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's {@code --help}: complete sentences, none cut off where a list shows only a command's first line. */
class HelpTextTest {

    @Test
    void every_commands_line_in_its_parents_list_is_a_whole_sentence() {
        List<String> cut = new ArrayList<>();
        for (CommandLine command : commands(LatchkeyCommand.commandLine(environment()))) {
            String[] shown = command.getCommandSpec().usageMessage().header().length > 0
                    ? command.getCommandSpec().usageMessage().header() : command.getCommandSpec().usageMessage().description();
            String first = shown.length == 0 ? "" : shown[0].strip();
            if (!first.endsWith(".")) {
                cut.add(command.getCommandSpec().qualifiedName() + ": " + first);
            }
        }
        assertThat(cut).isEmpty();
    }

    static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        root.getSubcommands().values().stream().distinct().forEach(sub -> all.addAll(commands(sub)));
        return all;
    }

    private static CliEnvironment environment() {
        return new CliEnvironment(Map.<String, String>of()::get, Path.of("/nonexistent"), new ByteArrayInputStream(new byte[0]), () -> null);
    }
}
