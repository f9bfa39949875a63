/**
 * Model data of the built-in topics: weighted phrase rules per topic and the context groups they use.
 * Definitions: ../shared/data/TOPICS.md. Pattern syntax: ./engine.ts.
 *
 * Scale: the logit of a topic is BIAS + the sum of rule weights (title hits x TITLE_WEIGHT, repeats of
 * a rule decaying), so a weight of ~3.5 means "one mention in the abstract is about enough" and
 * ~1 means "supporting evidence only". Negative rules are resolved first: a token claimed by a
 * negative phrase ("tree pruning", "sparse retrieval") cannot also count for a positive one.
 * Bump MODEL_VERSION in ./index.ts whenever anything here changes.
 */
import type { BuiltinTopicId } from '../lib/types';
import type { RuleDef } from './engine';

export const BIAS = -3;
// Main phrases weigh ~2.6-2.8: one passing mention in an abstract stays below the threshold, a second
// mention, supporting evidence or a title mention (x TITLE_WEIGHT) passes it.
/** Title occurrences weigh more: a title states what the paper is about. */
export const TITLE_WEIGHT = 1.6;
/** Contribution factor of the k-th repeat of the same rule in one paper. */
export const REPEAT_DECAY = [1, 0.5, 0.25, 0.125] as const;
/** Abstract evidence of surveys/reviews counts less: they list many techniques they are not about. */
export const SURVEY_ABSTRACT_FACTOR = 0.5;

/** Abstract sentences with a word of the ASIDE group are side remarks: their positive evidence counts this much. */
export const ASIDE_FACTOR = 0.5;
/** A topic whose specific evidence alone reaches this logit takes over generic evidence yielding to it. */
export const YIELD_LOGIT = 0;

/** Context groups: single-token specs. */
export const GROUPS = {
  EXPERT: ['expert', 'experts', 'moe', 'moes', 'moe*', '*moe'],
  /** Words a genuine MoE paper nearly always uses somewhere besides "expert(s)". */
  MOECORE: [
    'moe',
    'moes',
    'moe*',
    '*moe',
    '*moes',
    'mixture',
    'mixtures',
    'router',
    'routers',
    'routing',
    'routed',
    'gating',
    'gated',
    'gate',
    'mixtral',
    'switch',
    'gshard',
    'upcycl*',
    'conditionally',
  ],
  MOECTX: [
    'rout*',
    'gate',
    'gates',
    'gating',
    'gated',
    'moe',
    'moes',
    'moe*',
    '*moe',
    'mixture',
    'mixtures',
    'top',
    'topk',
    'activated',
    'activate',
    'activates',
    'activation',
    'active',
    'sparse',
    'sparsely',
    'sparsity',
    'conditional*',
    'load',
    'balanc*',
    'ffn',
    'ffns',
    'feedforward',
    'specializ*',
    'specialis*',
    'shared',
    'token',
    'tokens',
    'parallel*',
    'offload*',
    'capacity',
    'granular*',
    'dispatch*',
    'prun*',
    'merg*',
    'skip*',
    'upcycl*',
    'selected',
    'selection',
    'choice',
    'layer',
    'layers',
  ],
  INTERP: [
    'feature',
    'features',
    'interpret*',
    'sparse',
    'circuit*',
    'mlp',
    'mlps',
    'activation',
    'activations',
    'latent',
    'latents',
    'dictionary',
    'mechanistic',
    'attribution*',
    'residual',
    'monosemantic*',
    'polysemantic*',
    'steer*',
    'concept',
    'concepts',
    'sae',
    'saes',
    'transcoder*',
    'crosscoder*',
    'neuron',
    'neurons',
  ],
  /**
   * Interpretability of neural networks: a "sparse autoencoder" only counts fully in such a paper
   * (TOPICS.md: autoencoders that are not sparse-feature interpretability tools are not sae).
   */
  INTERP_STRICT: [
    'interpret*',
    'mechanistic',
    'monosemantic*',
    'polysemantic*',
    'steer*',
    'circuit*',
    'residual',
    'latent',
    'latents',
    'llm',
    'llms',
    'language',
    'transformer*',
    'activation',
    'activations',
    'concept',
    'concepts',
    'unlearn*',
    'sae',
    'saes',
    'superposition',
    'dictionary',
    'explanations',
  ],
  /** Applied signal-processing contexts where "sparse autoencoder" is a feature extractor, not interpretability. */
  SIGNAL: [
    'fault*',
    'anomal*',
    'vibration*',
    'sensor',
    'sensors',
    'diagnosis',
    'bearing',
    'bearings',
    'intrusion',
    'ecg',
    'eeg',
    'hyperspectral',
    'seismic',
    'spectrum',
    'radar',
    'wind',
    'turbine*',
    'machinery',
  ],
  ATTN: [
    'attention',
    'attend',
    'attends',
    'attending',
    'kv',
    'cache',
    'caches',
    'prefill*',
    'decoding',
    'keys',
  ],
  KV: ['kv', 'cache', 'caches', 'keys', 'values', 'decoding'],
  /** Tokens of images, video, audio: dropping them is token pruning, not KV-cache sparsity. */
  VISUAL: [
    'visual',
    'vision',
    'image',
    'images',
    'video',
    'videos',
    'audio',
    'patch',
    'patches',
    'multimodal',
    'omnimodal',
    'vit',
    'vits',
  ],
  ASIDE: ['also'],
  SURVEY: ['survey', 'surveys', 'review', 'overview', 'tutorial', 'taxonomy'],
  COMPRESS: [
    'compress',
    'compression',
    'compressing',
    'compressed',
    'weight',
    'weights',
    'factorization',
    'factorisation',
  ],
  /** Words of compression papers: merging experts counts as pruning only for compression (TOPICS.md). */
  REDUCE: ['compress*', 'redundan*', 'reduc*', 'fewer', 'prun*', 'footprint', 'smaller', 'deploy*'],
  SPARS: [
    'sparse',
    'sparsity',
    'sparsities',
    'sparsify',
    'sparsified',
    'sparsification',
    'sparser',
    'zero',
    'zeros',
  ],
  TREE: ['tree', 'trees', 'forest', 'forests', 'boosting', 'xgboost', 'branch', 'branches'],
} as const satisfies Record<string, readonly string[]>;

export type GroupName = keyof typeof GROUPS;
type Rule = RuleDef & {
  near?: GroupName[];
  notNear?: GroupName[];
  ifDoc?: GroupName[];
  unlessDoc?: GroupName[];
};

/** Negatives shared by all topics: senses of "sparse" that are about something else entirely. */
const SHARED_NEGATIVE: Rule[] = [
  { p: 'sparse (reward|rewards|rewarding|feedback)', w: -3, why: 'RL with sparse rewards' },
  {
    p: '(learned|learnt|lexical) sparse (retrieval|retriever|retrievers|lexical|term|terms|index|vectors|embeddings)',
    w: -3,
    why: 'learned sparse retrieval',
  },
  {
    p: 'sparse (retrieval|retriever|retrievers|lexical|bm25|index|indexes|search|keyword|keywords)',
    w: -3,
    notNear: ['ATTN'],
    win: 6,
    why: 'sparse retrieval (but "sparse retrieval of KV blocks" is attention)',
  },
  { p: '(splade|bm25)', w: -1.5, why: 'sparse retrieval systems' },
  { p: 'sparse (and|or) dense (retrieval|retriever|retrievers|representations|vectors|embeddings)', w: -3 },
  { p: 'dense (and|or) sparse (retrieval|retriever|retrievers|representations|vectors|embeddings)', w: -3 },
];

const MOE: Rule[] = [
  { p: '(mixture|mixtures) of (expert|experts)', w: 2.7 },
  { p: '(mixture|mixtures) of _ (expert|experts)', w: 2.5, why: 'mixture of LoRA experts' },
  { p: '(mixture|mixtures) of _ _ (expert|experts)', w: 2.2, why: 'mixture of low-rank experts' },
  { p: '(moe|moes)', w: 2.7 },
  { p: '(moe*|*moe|*moes)', w: 2.5, why: 'model names: MoEQuant, EdgeMoE, OLMoE, DeepSeekMoE' },
  { p: 'switch (transformer|transformers)', w: 2.5 },
  { p: 'gshard', w: 2.5 },
  { p: 'mixtral', w: 1.2 },
  { p: 'expert (parallelism|parallel)', w: 3 },
  {
    p: 'expert (routing|router|routers|selection|load|loads|capacity|offloading|activation|activations|choice|specialization|specialisation|specialized|allocation|placement|utilization|utilisation|collapse|imbalance|balancing|dispatch|gating|granularity|weights|caching|cache|prefetching|scheduling|pruning|merging|skipping|dropping|compression|quantization|sparsity|usage)',
    w: 2.5,
    ifDoc: ['MOECORE'],
  },
  {
    p: '(routed|shared|activated|active|sparse|selected|specialized|specialised|granular|heterogeneous) experts',
    w: 2.5,
    ifDoc: ['MOECORE'],
  },
  { p: 'fine grained experts', w: 2.5, ifDoc: ['MOECORE'] },
  { p: 'conditionally activated experts', w: 2.5 },
  { p: 'top (#|k|one|two) _? experts', w: 2.5 },
  { p: 'experts per (token|tokens|layer|input)', w: 2.5 },
  { p: 'token (to|expert) _? expert*', w: 2 },
  { p: '(experts|expert)', w: 1.5, near: ['MOECTX'], win: 8, ifDoc: ['MOECORE'] },
  { p: '(of|with) experts', w: 1.5, ifDoc: ['MOECORE'] },
  { p: '(router|routers|routing|gating|gate|gates)', w: 0.8, near: ['EXPERT'], win: 10 },
  { p: 'load (balancing|balance|imbalance)', w: 1.2, ifDoc: ['EXPERT'] },
  { p: 'conditional computation', w: 1.5 },
  { p: 'sparsely (activated|gated)', w: 1.2, ifDoc: ['EXPERT'] },
  { p: '(upcycl*|upcycling)', w: 2.5 },
  { p: '(dense|densely) to sparse', w: 0.8, ifDoc: ['EXPERT'] },
  // negatives
  { p: '(mixture|mixtures) of (agents|agent|llms|llm)', w: -5, why: 'mixture of agents is multi-agent LLMs' },
  { p: 'multi agent', w: -1 },
  { p: '(ministry|minister) of education', w: -6, why: 'MoE as an abbreviation of a ministry' },
  { p: 'margin of error', w: -4 },
  {
    p: '(mixture|mixtures) of _? (attention|attentions|channels|depths|depth|projectors|prompts|thoughts|datasets|data|domains|tokenizers)',
    w: -2.5,
    why: 'mixture of sparse attention / channels / depths without routed experts',
  },
  {
    p: '(human|domain|medical|clinical|legal|financial|subject|crowd|professional|external|expert|field|industry|security) experts',
    w: -3,
  },
  {
    p: 'expert (demonstration*|trajectory|trajectories|policy|policies|data|annotation*|annotator*|knowledge|level|feedback|user|users|label*|judg*|evaluation*|opinion*|panel|review*|advice|player*|human|humans|writer*|coder*|rater*|agent|agents|iteration|system|systems|behavior|behaviour|actions|guidance|rules|crafted|designed|curated|written)',
    w: -3,
    why: 'expert demonstrations, expert annotators',
  },
  { p: '(imitation|demonstrations)', w: -1 },
  {
    p: '(panel|committee|team|group|opinions|opinion|judgments|judgements|interviews|consensus|survey|feedback) of experts',
    w: -3,
  },
  { p: '(ensemble|ensembles|ensembling)', w: -0.8 },
  ...SHARED_NEGATIVE,
];

const SAE: Rule[] = [
  {
    p: 'sparse (autoencoder|autoencoders|autoencoding|auto encoder|auto encoders)',
    w: 2.8,
    ifDoc: ['INTERP_STRICT'],
  },
  {
    p: 'sparse (autoencoder|autoencoders|autoencoding|auto encoder|auto encoders)',
    w: 2.8,
    unlessDoc: ['INTERP_STRICT', 'SIGNAL'],
  },
  {
    p: 'sparse (autoencoder|autoencoders|autoencoding|auto encoder|auto encoders)',
    w: 1.2,
    ifDoc: ['SIGNAL'],
    unlessDoc: ['INTERP_STRICT'],
    why: 'sparse autoencoders as feature extractors for signals, fault or anomaly detection',
  },

  { p: 'sparse _ (autoencoder|autoencoders)', w: 2.5, why: 'sparse conditioned autoencoders' },
  { p: '(sae|saes)', w: 2.7 },
  { p: '(saebench|saelens|saevis|saes)', w: 2.5, why: 'SAEBench, SAELens' },
  { p: '(transcoder|transcoders)', w: 2.5, near: ['INTERP'], win: 15 },
  { p: '(crosscoder|crosscoders)', w: 2.8 },
  { p: 'dictionary learning', w: 2.5, near: ['INTERP'], win: 12, unlessDoc: ['COMPRESS'] },
  { p: 'sparse dictionary', w: 2, near: ['INTERP'], win: 12, unlessDoc: ['COMPRESS'] },
  {
    p: 'overcomplete (dictionary|dictionaries|basis|set|sparse|linear)',
    w: 2,
    near: ['INTERP'],
    win: 12,
    unlessDoc: ['COMPRESS'],
  },
  { p: 'k sparse (encoder|encoders)', w: 2 },
  { p: 'sparse (feature|features) (circuit|circuits)', w: 3 },
  { p: 'dictionary (features|feature|atoms|elements)', w: 1.5, unlessDoc: ['COMPRESS'] },
  { p: 'monosemantic*', w: 2.5 },
  { p: 'polysemantic*', w: 1.2 },
  { p: 'superposition', w: 1 },
  { p: 'feature (splitting|absorption)', w: 2.5 },
  { p: 'dead (latents|features|neurons)', w: 1.2 },
  { p: 'sparse (features|feature|latents|latent|codes|code)', w: 1.5, near: ['INTERP'], win: 10 },
  { p: '(interpretable|interpreting) (millions|thousands)? (of)? (features|latents|directions)', w: 2 },
  { p: 'residual stream*', w: 1 },
  { p: 'mechanistic interpretability', w: 0.8 },
  { p: '(jumprelu|batchtopk)', w: 2.5 },
  { p: 'feature (steering|circuits|attribution)', w: 1 },
  // negatives
  { p: 'sparse (probing|probe|probes)', w: -0.5 },
  {
    p: 'sae (level|levels|j3016|international|standard|standards|automation|automated|driving|autonomy)',
    w: -6,
    why: 'SAE levels of driving automation',
  },
  { p: 'society of automotive engineers', w: -6 },
  { p: '(variational|denoising|masked) (autoencoder|autoencoders)', w: -0.5 },
  ...SHARED_NEGATIVE,
];

const SPARSE_ATTENTION: Rule[] = [
  { p: 'sparse attention*', w: 2.8 },
  {
    p: 'sparse _ (attention|attentions)',
    w: 2.6,
    why: 'sparse self-attention, sparse causal attention, Sparse Sinkhorn Attention',
  },
  { p: 'attention (sparsity|sparsification|sparsities)', w: 2.7 },
  { p: 'sparsity (of|in) _? attention', w: 2.7 },
  { p: 'sparse attention? (mask|masks|masking|pattern|patterns)', w: 1.8, near: ['ATTN'], win: 8 },
  { p: '(sparsify|sparsifies|sparsifying|sparsified) _? _? (attention|kv)', w: 3 },
  { p: 'sliding window*', w: 1.8, near: ['ATTN'], win: 8 },
  { p: 'sliding window _? attention', w: 3.5 },
  { p: '(local|windowed|dilated|strided|axial|blockwise|block|chunked) self? attention', w: 2 },
  { p: '(block|blocks) sparse*', w: 1.5, near: ['ATTN'], win: 6 },
  { p: 'blocksparse', w: 2 },
  { p: 'mixture of _? (attention|attentions)', w: 2.5 },
  { p: 'attention (sink|sinks)', w: 2 },
  { p: 'heavy (hitter|hitters)', w: 3 },
  {
    p: '(kv|value) (cache|caches)? (eviction|evicting|selection|pruning|sparsification|sparsity|retrieval|dropping|budget|budgets|sparse|offloading)',
    w: 3.5,
  },
  {
    p: '(evict*|drop|drops|dropping|dropped|discard*|prun*|select*|retain*|retriev*) _? _? _? (tokens|token|kv|entries|keys)',
    w: 2.2,
    near: ['KV'],
    notNear: ['VISUAL'],
    win: 10,
  },
  {
    p: 'token (eviction|selection|retention|retrieval|budget)',
    w: 2.2,
    near: ['ATTN'],
    notNear: ['VISUAL'],
    win: 12,
  },
  {
    p: '(important|critical|salient|relevant|pivotal|heavy) (tokens|kv|keys)',
    w: 1.5,
    near: ['ATTN'],
    win: 10,
  },
  { p: 'top (k|#) (attention|keys|key|tokens|blocks|kv|pages|chunks)', w: 2.5, near: ['ATTN'], win: 10 },
  { p: 'query aware', w: 1.5, near: ['ATTN'], win: 8 },
  { p: '(kv|value) (cache|caches)', w: 0.8 },
  { p: 'sub quadratic', w: 1, near: ['ATTN'], win: 8 },
  { p: 'subquadratic', w: 1, near: ['ATTN'], win: 8 },
  { p: 'quadratic (complexity|cost|computation|attention)', w: 0.5 },
  { p: 'dynamic sparse*', w: 1.5, near: ['ATTN'], win: 8 },
  { p: 'attention (pruning|skipping)', w: 3 },
  {
    p: '(longformer|bigbird|reformer|streamingllm|snapkv|pyramidkv|minference|duoattention|flexprefill|infllm|h2o)',
    w: 2.5,
  },
  { p: 'big bird', w: 2.5 },
  { p: 'native sparse*', w: 2 },
  { p: '(sparse|sparsity|sparsified|sparsely)', w: 1, near: ['ATTN'], win: 3 },
  { p: 'sparse (transformer|transformers)', w: 2.5, unlessDoc: ['EXPERT'] },
  { p: '(attend|attends|attending|attended) (only|to only)', w: 2 },
  { p: '(global local|local global|local and global|global and local) attention', w: 3 },
  { p: 'global tokens', w: 1.2, near: ['ATTN'], win: 10 },
  {
    p: '(tokens|token|entries|keys) _? _? (be)? (dropped|evicted|discarded|removed|pruned) from (the)? (context|cache|kv|memory)',
    w: 2.5,
  },
  { p: 'only (attend|attends|attended|attending)', w: 2 },
  { p: 'locality sensitive hashing', w: 1.5, near: ['ATTN'], win: 12 },
  { p: '(select*|retriev*|load*) _? _? _? (blocks|chunks|pages)', w: 1.8, near: ['ATTN'], win: 10 },
  { p: 'query aware (sparsity|sparse|selection)', w: 3 },
  {
    p: '(retrieve|retrieves|retrieving|fetch|fetches|fetching|load|loads|loading|select|selects|selecting|keep|keeps|keeping) (only)? (the)? (most)? (relevant|important|critical|essential|salient) (ones|tokens|keys|kv|entries|blocks|pages)',
    w: 2,
    near: ['ATTN'],
    win: 15,
  },
  { p: '(kv|value) (cache|caches)? (compression|compressing|reduction)', w: 2.5 },
  { p: 'attention (span|spans)', w: 2.5 },
  { p: '(topk|top k|top #) (attention|attentions)', w: 2.8 },
  // negatives
  { p: '(grouped|multi) query attention', w: -1 },
  { p: 'graph (attention|attentions)', w: -2, why: 'graph attention networks over a sparse graph' },
  { p: '(gqa|mqa)', w: -0.5 },
  { p: 'linear (attention|attentions)', w: -1 },
  { p: 'state space', w: -0.8 },
  { p: '(mamba|ssm|ssms)', w: -0.8 },
  { p: '(quantiz*|quantis*) _? _? (kv|key)', w: -1.2 },
  { p: '(kv|value) (cache|caches)? (quantiz*|quantis*)', w: -1.2 },
  ...SHARED_NEGATIVE,
];

const PRUNING: Rule[] = [
  { p: '(prune|prunes|pruned|pruning|pruner|pruners|prunable)', w: 2.6, notNear: ['TREE'], win: 5 },
  { p: '(structured|structural|unstructured|semistructured) (sparsity|sparse|pruning|weights|weight)', w: 3 },
  { p: 'semi structured (sparsity|sparse|pruning|weights|weight|pattern|patterns)', w: 2.8 },
  {
    p: '(1|2|4|8|16|n) (2|4|8|16|32|m) (sparsity|sparse|structured|pattern|patterns|semi|sparsities)',
    w: 3.5,
    why: '2:4 / 4:8 / N:M sparsity (not "10,000 patterns")',
  },
  { p: '(weight|weights|parameter|parameters) (sparsity|sparsification)', w: 3 },
  { p: 'sparse (weight|weights)', w: 2 },
  {
    p: 'sparsity (ratio|ratios|level|levels|rate|rates|pattern|patterns|mask|masks|target)',
    w: 1.8,
    notNear: ['ATTN'],
    win: 4,
    yieldTo: ['sae', 'sparse_attention', 'moe'],
  },
  {
    p: '# (sparsity|sparse)',
    w: 2,
    notNear: ['ATTN'],
    win: 4,
    yieldTo: ['sae', 'sparse_attention', 'moe'],
    why: '50% sparsity',
  },
  {
    p: '(high|highly|extreme|extremely) (sparsity|sparse)',
    w: 2,
    notNear: ['ATTN'],
    win: 4,
    yieldTo: ['sae', 'sparse_attention', 'moe'],
  },
  { p: '(sparsegpt|wanda|llmpruner|slicegpt)', w: 2.2 },
  { p: 'lottery ticket*', w: 2.5 },
  {
    p: 'sparse deep? (llm|llms|language|model|models|network|networks|neural)',
    w: 1.5,
    unlessDoc: ['EXPERT'],
    notNear: ['ATTN'],
    win: 4,
    yieldTo: ['sae', 'sparse_attention', 'moe'],
  },
  { p: 'dynamic sparse*', w: 1.5, notNear: ['ATTN'], win: 4, yieldTo: ['sae', 'sparse_attention', 'moe'] },
  {
    p: 'sparse (training|pretraining|pre|fine|finetuning|tuning)',
    w: 2,
    unlessDoc: ['EXPERT'],
    yieldTo: ['sae', 'sparse_attention', 'moe'],
  },
  {
    p: '(sparsify|sparsifies|sparsifying|sparsified|sparsification)',
    w: 2.5,
    notNear: ['ATTN'],
    win: 4,
    yieldTo: ['sae', 'sparse_attention', 'moe'],
  },
  { p: '(activation|activations|neuron|neurons|ffn|mlp) (sparsity|sparsification|sparsifying)', w: 3 },
  { p: 'contextual sparsity', w: 2.8 },
  {
    p: 'sparse (operator|operators|kernel|kernels|computation|computations|matmul|gemm)',
    w: 1.5,
    notNear: ['ATTN'],
    win: 4,
    yieldTo: ['sae', 'sparse_attention', 'moe'],
  },
  {
    p: '(computational|compute) sparsity',
    w: 1.5,
    notNear: ['ATTN'],
    win: 4,
    yieldTo: ['sae', 'sparse_attention', 'moe'],
  },
  {
    p: '(neuron|neurons) (activation|activations)',
    w: 1.5,
    ifDoc: ['SPARS'],
    yieldTo: ['sae', 'sparse_attention', 'moe'],
  },
  {
    p: '(activated|active|inactive) neurons',
    w: 1.2,
    ifDoc: ['SPARS'],
    yieldTo: ['sae', 'sparse_attention', 'moe'],
  },
  {
    p: '(visual|vision|image|video|audio|patch) (token|tokens) (pruning|reduction|compression|dropping|merging|sparsification|selection)',
    w: 3.2,
  },
  {
    p: '(prune|prunes|pruning|pruned|drop|drops|dropping|discard|discards|discarding|remove|removes|removing|merge|merges|merging|reduce|reduces|reducing|compress|compresses|compressing) _? (redundant|unimportant|uninformative|less)? (important)? (visual|vision|image|video|audio) (tokens|token|patches)',
    w: 3.2,
  },
  {
    p: 'sparsity (in|of|for) _? _? _? (llm|llms|models|networks|transformers)',
    w: 2,
    notNear: ['ATTN'],
    win: 4,
    yieldTo: ['sae', 'sparse_attention', 'moe'],
  },
  {
    p: 'sparse (activation|activations|ffn|ffns|mlp|mlps|feedforward)',
    w: 2,
    unlessDoc: ['EXPERT'],
    yieldTo: ['sae', 'sparse_attention', 'moe'],
  },
  { p: 'relufi*', w: 2.5 },
  {
    p: 'sparsely (activated|activating)',
    w: 2,
    unlessDoc: ['EXPERT'],
    yieldTo: ['sae', 'sparse_attention', 'moe'],
  },
  {
    p: '(layer|layers|block|blocks|depth|head|heads|neuron|neurons|channel|channels) (removal|dropping|drop|skipping|elimination|reduction|redundancy)',
    w: 2.2,
  },
  {
    p: '(remove|removes|removed|removing|removal|drop|drops|dropped|dropping|eliminate*|eliminating|elimination|cut|cuts|cutting|discard*|skip|skips|skipping|skipped) _? _? _? (layer|layers|blocks|heads|neurons|channels|parameters|weights)',
    w: 2,
  },
  { p: 'sparse (matrix|matrices) _? multiplication', w: 0.6 },
  { p: '(model|llm|network|weight) compression', w: 0.8 },
  {
    p: '(expert|experts) (merging|merge|pruning|dropping|skipping)',
    w: 1,
    near: ['REDUCE'],
    win: 30,
    why: 'moe + pruning',
  },

  {
    p: 'token (dropping|merging|reduction|sparsification|compression)',
    w: 2,
    unlessDoc: ['EXPERT'],
    yieldTo: ['sae', 'sparse_attention', 'moe'],
  },
  {
    p: '(sparsity|sparsities)',
    w: 0.8,
    notNear: ['ATTN'],
    win: 4,
    unlessDoc: ['EXPERT'],
    yieldTo: ['sae', 'sparse_attention', 'moe'],
  },
  { p: 'lottery', w: 2 },
  { p: 'winning (ticket|tickets)', w: 2 },
  {
    p: '(redundant|unimportant|unnecessary|nonessential) (layers|blocks|heads|neurons|parameters|weights|experts|channels)',
    w: 1.5,
  },
  {
    p: '(reduce|reduces|reducing) the number of (experts|layers|heads|neurons|channels|parameters|weights)',
    w: 2,
  },
  {
    p: '(layers|heads|neurons|channels|parameters|weights|blocks|filters) (can|could|may)? (be)? (removed|pruned|dropped|deleted|eliminated|discarded|skipped)',
    w: 2.2,
  },
  {
    p: '(merge|merging|merges|merged) _? _? _? _? (expert|experts)',
    w: 2,
    ifDoc: ['MOECORE'],
    near: ['REDUCE'],
    win: 30,
  },
  { p: '(slim|slimming|slimmed|shrink*|shear*)', w: 1 },
  // negatives
  {
    p: '(tree|trees|forest|forests|search|beam|branch|branches|alpha|minimax) (pruning|pruned|prune)',
    w: -4,
  },
  {
    p: '(pruning|prune|pruned|prunes) (the)? (search|tree|trees|branches|branch|candidates|paths|hypotheses|actions|trajectories|responses|drafts|reasoning|steps|thoughts|rollouts|nodes)',
    w: -3.5,
  },
  {
    p: '(prune|pruning|pruned|prunes) _? (data|dataset|datasets|examples|samples|instances|corpus|training)',
    w: -3.5,
    why: 'data pruning (borderline)',
  },
  { p: '(data|dataset|datasets|example|sample|samples|corpus|instance) (pruning|pruned)', w: -3.5 },
  {
    p: '(graph|edge|edges|node|nodes) (pruning|pruned)',
    w: -1.5,
    why: 'pruning the input graph (communication, data), not the model: borderline at most',
  },
  {
    p: '(prune|pruning|pruned) _? (prompt|prompts|context|contexts|retrieved|documents|passages|chunks|reasoning|cot)',
    w: -2.5,
  },
  { p: '(kv|cache|attention) (pruning|pruned|prune)', w: -2.5, why: 'KV-cache eviction is sparse attention' },
  { p: '(prune|pruning|pruned) _? _? (kv|cache|caches)', w: -2.5 },
  {
    p: '(quantization|quantisation|distillation) pruning (and|or)? _? (quantization|quantisation|distillation|merging|sharing|decomposition|factorization)',
    w: -1.5,
    why: 'lists of compression techniques: a mention, not the topic',
  },
  {
    p: 'pruning (quantization|quantisation|distillation) (and|or)? _? (quantization|quantisation|distillation|decomposition|factorization)',
    w: -1.5,
  },
  {
    p: '(quantization|quantisation|distillation) (and|or)? (quantization|quantisation|distillation) (and|or)? pruning',
    w: -1.5,
  },
  { p: 'such as _? _? pruning', w: -1.5 },

  { p: '(sparsity|sparse) (attention|attentions)', w: -1.5 },
  { p: 'attention (sparsity|sparse)', w: -1.5 },
  ...SHARED_NEGATIVE,
];

export const RULES = {
  moe: MOE,
  sae: SAE,
  sparse_attention: SPARSE_ATTENTION,
  pruning: PRUNING,
} as const satisfies Record<BuiltinTopicId, Rule[]>;

export const TOPIC_DESCRIPTIONS = {
  moe: 'Mixture-of-Experts: a router picks a subset of expert sub-networks per token or input (training, routing, serving, compressing MoE models).',
  sae: 'Sparse autoencoders, transcoders, crosscoders and sparse dictionary features of activations for interpretability and steering.',
  sparse_attention:
    'Attention over a subset of query-key pairs: block-sparse, sliding-window, top-k, dynamic sparse prefill, KV-cache token selection and eviction.',
  pruning:
    'Removing or zeroing weights, neurons, channels, heads, layers, experts or tokens: unstructured, N:M, structured pruning, sparse training, activation sparsity.',
} as const satisfies Record<BuiltinTopicId, string>;
