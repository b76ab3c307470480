package org.latchkey.git;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * JGit's receive-pack, saying in git's words when a push lost a race: JGit reports "invalid old id
 * sent" (the branch moved after the client read it) or a lock failure (another update held it).
 */
final class ExplainingReceivePack extends ReceivePack {

    ExplainingReceivePack(Repository repository) {
        super(repository);
    }

    /**
     * Leaves JGit's connectivity check (on once an object checker is set) to a pre-receive hook
     * that walks the same new objects and refuses the push when one is missing.
     */
    void leaveConnectivityCheckToHook() {
        connectivityChecker = (info, haves, monitor) -> {
        };
    }

    @Override
    protected void executeCommands() {
        explainLostRaces();
        super.executeCommands();
        explainLostRaces();
    }

    private void explainLostRaces() {
        for (ReceiveCommand command : getAllCommands()) {
            boolean lostRace = command.getResult() == ReceiveCommand.Result.LOCK_FAILURE
                    || command.getResult() == ReceiveCommand.Result.REJECTED_OTHER_REASON
                    && "invalid old id sent".equals(command.getMessage());
            if (lostRace) {
                command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "fetch first: another push updated "
                        + command.getRefName() + " while you pushed; pull and push again");
            }
        }
    }
}
