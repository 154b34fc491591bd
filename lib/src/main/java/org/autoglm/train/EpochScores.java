package org.autoglm.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One epoch's evaluation: the selection metric on validation and test, accuracy and macro-F1, and
 * per-class test recall.
 *
 * @param epoch the 1-based epoch, 0 before any
 * @param valScore the selection metric on the validation nodes
 * @param valLoss mean cross-entropy on the validation nodes (breaks ties)
 * @param testScore the selection metric on the test nodes
 */
public record EpochScores(
    int epoch,
    double valScore,
    double valLoss,
    double valAccuracy,
    double testScore,
    double testAccuracy,
    double testMacroF1,
    double[] testClassRecall) {

  /** The record before any epoch: every real epoch beats it. */
  static EpochScores none() {
    return new EpochScores(
        0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0, 0, 0, new double[0]);
  }

  /** Higher validation score wins; an equal score wins with a lower validation loss. */
  boolean betterThan(EpochScores other) {
    return valScore > other.valScore || (valScore == other.valScore && valLoss < other.valLoss);
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(epoch);
    Checkpoint.writeDoubles(
        out, new double[] {valScore, valLoss, valAccuracy, testScore, testAccuracy, testMacroF1});
    Checkpoint.writeDoubles(out, testClassRecall);
  }

  static EpochScores read(DataInputStream in) throws IOException {
    int epoch = in.readInt();
    double[] v = Checkpoint.readDoubles(in);
    return new EpochScores(epoch, v[0], v[1], v[2], v[3], v[4], v[5], Checkpoint.readDoubles(in));
  }
}
