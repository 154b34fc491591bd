package org.autoglm.train;

import java.io.Serializable;
import java.util.List;

/**
 * Everything one training run needs besides the graph: architecture, optimisation, stopping rule
 * and the seed that makes it reproducible. Build with {@link #builder()}; every setting has the
 * default of {@code conf/defaults.yaml}.
 *
 * @param model the architecture
 * @param layers graph (or dense) layers, including the output layer; SGC always has one
 * @param hidden width of each hidden layer (per head for GAT)
 * @param heads GAT attention heads in hidden layers (concatenated)
 * @param outputHeads GAT attention heads in the output layer (averaged)
 * @param dropout drop probability on each layer's input
 * @param attentionDropout GAT: drop probability on attention coefficients
 * @param activation non-linearity between layers
 * @param residual add each hidden layer's input to its output when their widths match
 * @param layerNorm layer normalisation before each hidden activation
 * @param selfLoops GCN/GAT: add each node to its own neighbourhood
 * @param hops SGC: propagation steps K, precomputed once; APPNP: power-iteration steps K
 * @param alpha APPNP and GCNII: the teleport (initial-residual) share of each propagation step
 * @param lambda GCNII: identity-mapping strength; layer l's weight share is {@code ln(lambda/l +
 *     1)}
 * @param jumpingKnowledge JKNet: how the hidden layers' outputs are combined for the output layer
 * @param featureNorm how node features are scaled before the first layer
 * @param optimizer the update rule
 * @param learningRate the peak step size
 * @param weightDecay L2 penalty (Adam, SGD) or decoupled decay (AdamW)
 * @param convWeightDecay GCNII: the decay on its convolutions' weights ({@code weightDecay} covers
 *     its input and output layers)
 * @param decayScope which weights the decay applies to
 * @param momentum SGD momentum
 * @param schedule how the step size changes over epochs
 * @param warmupEpochs cosine: epochs of linear warm-up
 * @param stepEpochs step: epochs between decays; plateau: epochs without improvement before one
 * @param decayFactor step/plateau: the factor a decay multiplies the step size by
 * @param clipNorm global gradient-norm limit; 0 turns clipping off
 * @param dropEdge training-time augmentation: share of undirected edges dropped each epoch (the
 *     rest scaled up, as dropout does)
 * @param featureMask training-time augmentation: share of feature columns masked each epoch
 * @param dropNode training-time augmentation: share of nodes whose whole feature row is dropped
 *     each epoch
 * @param pretrain self-supervised pretraining of the encoder (all layers but the output layer)
 *     before training: none, contrastive (two augmented views, InfoNCE) or masked (reconstruct
 *     masked node features)
 * @param pretrainEpochs pretraining epochs
 * @param pretrainLr pretraining's learning rate
 * @param temperature contrastive: InfoNCE temperature
 * @param maskRate masked: share of nodes whose features are masked each epoch
 * @param viewDropEdge contrastive: share of edges each view drops
 * @param viewFeatureMask contrastive: share of feature columns each view masks
 * @param freezeEncoder after pretraining, train the output layer only (a linear probe)
 * @param epochs the most epochs to train
 * @param patience stop after this many epochs without a better validation metric
 * @param batching full (every step sees the whole graph), neighbors (mini-batches of seed nodes
 *     with their sampled neighbourhoods, {@link NeighborSampler}), subgraph (subgraphs induced by
 *     random walks, {@link WalkSampler}) or auto (a sampled mode when the estimated full-batch
 *     footprint exceeds {@code memoryBudgetMb}: subgraph for the deep and propagation models,
 *     neighbors for the others)
 * @param batchSize neighbors: seed (training) nodes per step; subgraph: walk roots per step
 * @param fanouts neighbors: neighbours sampled per node at each hop, nearest first; -1 takes all;
 *     subgraph: the neighbourhoods validation and test nodes are scored on
 * @param walkLength subgraph: steps of each root's random walk
 * @param sampleCoverage subgraph: epochs of walks pre-sampled to count how often each training node
 *     is drawn, whose inverse weighs its loss (GraphSAINT's normalisation); 0 weighs all alike
 * @param memoryBudgetMb auto: the trial's memory for full-batch training, in MiB
 * @param metric the validation metric that picks the best epoch: {@code accuracy}, {@code macro_f1}
 *     or a custom {@link NodeEvaluator}'s name
 * @param seed decides initialisation and every dropout mask
 * @param threads intra-op threads for the engine
 * @param device {@code cpu} or {@code gpu:<id>}
 */
public record TrainSettings(
    ModelKind model,
    int layers,
    int hidden,
    int heads,
    int outputHeads,
    double dropout,
    double attentionDropout,
    Activation activation,
    boolean residual,
    boolean layerNorm,
    boolean selfLoops,
    int hops,
    double alpha,
    double lambda,
    JumpingKnowledge jumpingKnowledge,
    FeatureNorm featureNorm,
    OptimizerKind optimizer,
    double learningRate,
    double weightDecay,
    double convWeightDecay,
    DecayScope decayScope,
    double momentum,
    Schedule schedule,
    int warmupEpochs,
    int stepEpochs,
    double decayFactor,
    double clipNorm,
    double dropEdge,
    double featureMask,
    double dropNode,
    Pretrain pretrain,
    int pretrainEpochs,
    double pretrainLr,
    double temperature,
    double maskRate,
    double viewDropEdge,
    double viewFeatureMask,
    boolean freezeEncoder,
    int epochs,
    int patience,
    Batching batching,
    int batchSize,
    List<Integer> fanouts,
    int walkLength,
    int sampleCoverage,
    int memoryBudgetMb,
    String metric,
    long seed,
    int threads,
    String device)
    implements Serializable {

  /** How a training step sees the graph. */
  public enum Batching {
    FULL,
    NEIGHBORS,
    SUBGRAPH,
    AUTO
  }

  /** Architectures the trainer can build. */
  public enum ModelKind {
    GCN,
    SAGE,
    GAT,
    SGC,
    MLP,
    APPNP,
    GCNII,
    JKNET
  }

  /** Self-supervised pretraining of the encoder before training. */
  public enum Pretrain {
    NONE,
    CONTRASTIVE,
    MASKED
  }

  /** JKNet's layer aggregation: the hidden outputs side by side, or their element-wise maximum. */
  public enum JumpingKnowledge {
    CONCAT,
    MAX
  }

  /** Non-linearities between layers. */
  public enum Activation {
    RELU,
    ELU,
    LEAKY_RELU,
    GELU
  }

  /** Feature scaling: none, or each node's features divided by their sum (Kipf and Welling). */
  public enum FeatureNorm {
    NONE,
    ROW
  }

  /** Update rules that work on DJL's PyTorch engine. */
  public enum OptimizerKind {
    ADAM,
    ADAMW,
    SGD
  }

  /** Weights under weight decay: the first layer's (as Kipf and Welling) or every weight. */
  public enum DecayScope {
    FIRST,
    ALL
  }

  /** Learning-rate schedules. */
  public enum Schedule {
    CONSTANT,
    STEP,
    COSINE,
    PLATEAU
  }

  public TrainSettings {
    check(layers >= 1, "layers", layers, "must be >= 1");
    check(hidden >= 1, "hidden", hidden, "must be >= 1");
    check(heads >= 1, "heads", heads, "must be >= 1");
    check(outputHeads >= 1, "output_heads", outputHeads, "must be >= 1");
    check(dropout >= 0 && dropout < 1, "dropout", dropout, "must be in [0, 1)");
    check(
        attentionDropout >= 0 && attentionDropout < 1,
        "attention_dropout",
        attentionDropout,
        "must be in [0, 1)");
    check(hops >= 1, "hops", hops, "must be >= 1");
    check(alpha >= 0 && alpha <= 1, "alpha", alpha, "must be in [0, 1]");
    check(lambda > 0, "lambda", lambda, "must be > 0");
    check(learningRate > 0, "lr", learningRate, "must be > 0");
    check(weightDecay >= 0, "weight_decay", weightDecay, "must be >= 0");
    check(convWeightDecay >= 0, "conv_weight_decay", convWeightDecay, "must be >= 0");
    check(momentum >= 0 && momentum < 1, "momentum", momentum, "must be in [0, 1)");
    check(warmupEpochs >= 0, "warmup_epochs", warmupEpochs, "must be >= 0");
    check(stepEpochs >= 1, "step_epochs", stepEpochs, "must be >= 1");
    check(decayFactor > 0 && decayFactor <= 1, "decay_factor", decayFactor, "must be in (0, 1]");
    check(clipNorm >= 0, "clip_norm", clipNorm, "must be >= 0 (0 turns clipping off)");
    check(dropEdge >= 0 && dropEdge < 1, "drop_edge", dropEdge, "must be in [0, 1)");
    check(featureMask >= 0 && featureMask < 1, "feature_mask", featureMask, "must be in [0, 1)");
    check(dropNode >= 0 && dropNode < 1, "drop_node", dropNode, "must be in [0, 1)");
    check(pretrainEpochs >= 1, "pretrain_epochs", pretrainEpochs, "must be >= 1");
    check(pretrainLr > 0, "pretrain_lr", pretrainLr, "must be > 0");
    check(temperature > 0, "temperature", temperature, "must be > 0");
    check(maskRate > 0 && maskRate < 1, "mask_rate", maskRate, "must be in (0, 1)");
    check(
        viewDropEdge >= 0 && viewDropEdge < 1, "view_drop_edge", viewDropEdge, "must be in [0, 1)");
    check(
        viewFeatureMask >= 0 && viewFeatureMask < 1,
        "view_feature_mask",
        viewFeatureMask,
        "must be in [0, 1)");
    check(epochs >= 1, "epochs", epochs, "must be >= 1");
    check(patience >= 1, "patience", patience, "must be >= 1");
    check(batching != null, "batching", batching, "must be full, neighbors, subgraph or auto");
    check(batchSize >= 1, "batch_size", batchSize, "must be >= 1");
    check(
        fanouts != null && !fanouts.isEmpty() && fanouts.stream().allMatch(f -> f >= 1 || f == -1),
        "fanouts",
        fanouts,
        "must list one fan-out per hop, each >= 1 or -1 (all neighbours), e.g. [15, 10]");
    check(walkLength >= 1, "walk_length", walkLength, "must be >= 1");
    check(sampleCoverage >= 0, "sample_coverage", sampleCoverage, "must be >= 0");
    check(memoryBudgetMb >= 1, "memory_budget_mb", memoryBudgetMb, "must be >= 1");
    check(metric != null && !metric.isBlank(), "metric", metric, "must name an evaluator");
    check(threads >= 1, "threads", threads, "must be >= 1");
  }

  private static void check(boolean ok, String key, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException(
          "training parameter '" + key + "' is " + value + " but " + rule);
    }
  }

  /** Settings with every default of {@code conf/defaults.yaml}: Kipf and Welling's GCN. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Collects settings; {@link #build()} validates them all at once. */
  public static final class Builder {
    private ModelKind model = ModelKind.GCN;
    private int layers = 2;
    private int hidden = 16;
    private int heads = 8;
    private int outputHeads = 1;
    private double dropout = 0.5;
    private double attentionDropout = 0.0;
    private Activation activation = Activation.RELU;
    private boolean residual;
    private boolean layerNorm;
    private boolean selfLoops = true;
    private int hops = 2;
    private double alpha = 0.1;
    private double lambda = 0.5;
    private JumpingKnowledge jumpingKnowledge = JumpingKnowledge.CONCAT;
    private FeatureNorm featureNorm = FeatureNorm.ROW;
    private OptimizerKind optimizer = OptimizerKind.ADAM;
    private double learningRate = 0.01;
    private double weightDecay = 5e-4;
    private double convWeightDecay = 0.01;
    private DecayScope decayScope = DecayScope.FIRST;
    private double momentum = 0.9;
    private Schedule schedule = Schedule.CONSTANT;
    private int warmupEpochs;
    private int stepEpochs = 50;
    private double decayFactor = 0.5;
    private double clipNorm;
    private double dropEdge;
    private double featureMask;
    private double dropNode;
    private Pretrain pretrain = Pretrain.NONE;
    private int pretrainEpochs = 100;
    private double pretrainLr = 0.001;
    private double temperature = 0.5;
    private double maskRate = 0.5;
    private double viewDropEdge = 0.2;
    private double viewFeatureMask = 0.3;
    private boolean freezeEncoder;
    private int epochs = 200;
    private int patience = 100;
    private Batching batching = Batching.FULL;
    private int batchSize = 512;
    private List<Integer> fanouts = List.of(15, 10);
    private int walkLength = 2;
    private int sampleCoverage = 10;
    private int memoryBudgetMb = 4096;
    private String metric = "accuracy";
    private long seed;
    private int threads = 1;
    private String device = "cpu";

    private Builder() {}

    private Builder(TrainSettings s) {
      model = s.model;
      layers = s.layers;
      hidden = s.hidden;
      heads = s.heads;
      outputHeads = s.outputHeads;
      dropout = s.dropout;
      attentionDropout = s.attentionDropout;
      activation = s.activation;
      residual = s.residual;
      layerNorm = s.layerNorm;
      selfLoops = s.selfLoops;
      hops = s.hops;
      alpha = s.alpha;
      lambda = s.lambda;
      jumpingKnowledge = s.jumpingKnowledge;
      featureNorm = s.featureNorm;
      optimizer = s.optimizer;
      learningRate = s.learningRate;
      weightDecay = s.weightDecay;
      convWeightDecay = s.convWeightDecay;
      decayScope = s.decayScope;
      momentum = s.momentum;
      schedule = s.schedule;
      warmupEpochs = s.warmupEpochs;
      stepEpochs = s.stepEpochs;
      decayFactor = s.decayFactor;
      clipNorm = s.clipNorm;
      dropEdge = s.dropEdge;
      featureMask = s.featureMask;
      dropNode = s.dropNode;
      pretrain = s.pretrain;
      pretrainEpochs = s.pretrainEpochs;
      pretrainLr = s.pretrainLr;
      temperature = s.temperature;
      maskRate = s.maskRate;
      viewDropEdge = s.viewDropEdge;
      viewFeatureMask = s.viewFeatureMask;
      freezeEncoder = s.freezeEncoder;
      epochs = s.epochs;
      patience = s.patience;
      batching = s.batching;
      batchSize = s.batchSize;
      fanouts = s.fanouts;
      walkLength = s.walkLength;
      sampleCoverage = s.sampleCoverage;
      memoryBudgetMb = s.memoryBudgetMb;
      metric = s.metric;
      seed = s.seed;
      threads = s.threads;
      device = s.device;
    }

    public Builder model(ModelKind value) {
      model = value;
      return this;
    }

    public Builder layers(int value) {
      layers = value;
      return this;
    }

    public Builder hidden(int value) {
      hidden = value;
      return this;
    }

    public Builder heads(int value) {
      heads = value;
      return this;
    }

    public Builder outputHeads(int value) {
      outputHeads = value;
      return this;
    }

    public Builder dropout(double value) {
      dropout = value;
      return this;
    }

    public Builder attentionDropout(double value) {
      attentionDropout = value;
      return this;
    }

    public Builder activation(Activation value) {
      activation = value;
      return this;
    }

    public Builder residual(boolean value) {
      residual = value;
      return this;
    }

    public Builder layerNorm(boolean value) {
      layerNorm = value;
      return this;
    }

    public Builder selfLoops(boolean value) {
      selfLoops = value;
      return this;
    }

    public Builder hops(int value) {
      hops = value;
      return this;
    }

    public Builder alpha(double value) {
      alpha = value;
      return this;
    }

    public Builder lambda(double value) {
      lambda = value;
      return this;
    }

    public Builder jumpingKnowledge(JumpingKnowledge value) {
      jumpingKnowledge = value;
      return this;
    }

    public Builder featureNorm(FeatureNorm value) {
      featureNorm = value;
      return this;
    }

    public Builder optimizer(OptimizerKind value) {
      optimizer = value;
      return this;
    }

    public Builder learningRate(double value) {
      learningRate = value;
      return this;
    }

    public Builder weightDecay(double value) {
      weightDecay = value;
      return this;
    }

    public Builder convWeightDecay(double value) {
      convWeightDecay = value;
      return this;
    }

    public Builder decayScope(DecayScope value) {
      decayScope = value;
      return this;
    }

    public Builder momentum(double value) {
      momentum = value;
      return this;
    }

    public Builder schedule(Schedule value) {
      schedule = value;
      return this;
    }

    public Builder warmupEpochs(int value) {
      warmupEpochs = value;
      return this;
    }

    public Builder stepEpochs(int value) {
      stepEpochs = value;
      return this;
    }

    public Builder decayFactor(double value) {
      decayFactor = value;
      return this;
    }

    public Builder clipNorm(double value) {
      clipNorm = value;
      return this;
    }

    public Builder dropEdge(double value) {
      dropEdge = value;
      return this;
    }

    public Builder featureMask(double value) {
      featureMask = value;
      return this;
    }

    public Builder dropNode(double value) {
      dropNode = value;
      return this;
    }

    public Builder pretrain(Pretrain value) {
      pretrain = value;
      return this;
    }

    public Builder pretrainEpochs(int value) {
      pretrainEpochs = value;
      return this;
    }

    public Builder pretrainLr(double value) {
      pretrainLr = value;
      return this;
    }

    public Builder temperature(double value) {
      temperature = value;
      return this;
    }

    public Builder maskRate(double value) {
      maskRate = value;
      return this;
    }

    public Builder viewDropEdge(double value) {
      viewDropEdge = value;
      return this;
    }

    public Builder viewFeatureMask(double value) {
      viewFeatureMask = value;
      return this;
    }

    public Builder freezeEncoder(boolean value) {
      freezeEncoder = value;
      return this;
    }

    public Builder epochs(int value) {
      epochs = value;
      return this;
    }

    public Builder patience(int value) {
      patience = value;
      return this;
    }

    public Builder batching(Batching value) {
      batching = value;
      return this;
    }

    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    public Builder fanouts(List<Integer> value) {
      fanouts = List.copyOf(value);
      return this;
    }

    public Builder walkLength(int value) {
      walkLength = value;
      return this;
    }

    public Builder sampleCoverage(int value) {
      sampleCoverage = value;
      return this;
    }

    public Builder memoryBudgetMb(int value) {
      memoryBudgetMb = value;
      return this;
    }

    public Builder metric(String value) {
      metric = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder threads(int value) {
      threads = value;
      return this;
    }

    public Builder device(String value) {
      device = value;
      return this;
    }

    public TrainSettings build() {
      return new TrainSettings(
          model,
          layers,
          hidden,
          heads,
          outputHeads,
          dropout,
          attentionDropout,
          activation,
          residual,
          layerNorm,
          selfLoops,
          hops,
          alpha,
          lambda,
          jumpingKnowledge,
          featureNorm,
          optimizer,
          learningRate,
          weightDecay,
          convWeightDecay,
          decayScope,
          momentum,
          schedule,
          warmupEpochs,
          stepEpochs,
          decayFactor,
          clipNorm,
          dropEdge,
          featureMask,
          dropNode,
          pretrain,
          pretrainEpochs,
          pretrainLr,
          temperature,
          maskRate,
          viewDropEdge,
          viewFeatureMask,
          freezeEncoder,
          epochs,
          patience,
          batching,
          batchSize,
          fanouts,
          walkLength,
          sampleCoverage,
          memoryBudgetMb,
          metric,
          seed,
          threads,
          device);
    }
  }
}
