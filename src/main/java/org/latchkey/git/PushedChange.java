package org.latchkey.git;

import org.eclipse.jgit.lib.ObjectId;

/** A file that a pushed commit adds, changes or deletes ({@code blob} is null for a deletion). */
record PushedChange(ObjectId commit, String path, ObjectId blob) {

    String shortCommit() {
        return commit.abbreviate(10).name();
    }
}
