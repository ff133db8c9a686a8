package org.simdnn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command line that continues a stopped {@code train} run: the user's own arguments with {@code --out} and
 * {@code --resume} pointing at the run's folder and checkpoint, quoted for a POSIX shell.
 */
final class ResumeCommand {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private ResumeCommand() {}

    /**
     * @param args       the arguments of the {@code train} command as typed (without {@code train} itself)
     * @param out        the run's folder
     * @param checkpoint the checkpoint to continue from
     */
    static String of(List<String> args, Path out, Path checkpoint) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--out") || a.equals("--resume")) {
                i++;
            } else if (!a.startsWith("--out=") && !a.startsWith("--resume=")) {
                kept.add(a);
            }
        }
        kept.add("--out");
        kept.add(out.toString());
        kept.add("--resume");
        kept.add(checkpoint.toString());
        StringBuilder line = new StringBuilder("./simdnn train");
        for (String a : kept) {
            line.append(' ').append(quote(a));
        }
        return line.toString();
    }

    static String quote(String arg) {
        return PLAIN.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
