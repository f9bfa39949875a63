/**
 * Failure modes of keyword matching named in issue 3, each as a short realistic title + abstract.
 * Every case must get exactly the expected built-in topics (with the abstract), and must not get
 * the topics in `never` with the title alone either.
 */
import { describe, expect, it } from 'vitest';
import { classify } from '../../classifier';

interface Case {
  name: string;
  title: string;
  abstract: string;
  topics: string[];
  /** Topics that must not appear with the title alone either (default: all topics not in `topics`). */
  titleOnly?: string[];
}

const CASES: Case[] = [
  {
    name: 'sparse retrieval is not SAE or pruning',
    title: 'Learned Sparse Retrieval with Expansion-Aware Term Weighting',
    abstract:
      'Learned sparse retrieval models represent queries and documents as sparse vectors over the vocabulary, keeping the efficiency of inverted indexes. We propose a term weighting scheme that regularises expansion terms and improves recall over BM25 and SPLADE on MS MARCO and BEIR while keeping the index sparse.',
    topics: [],
  },
  {
    name: 'mixture of agents is not MoE',
    title: 'Sparse Mixture-of-Agents for Cost-Efficient Multi-LLM Collaboration',
    abstract:
      'Mixture-of-agents systems let several large language models refine each other’s answers in layers. We show that only a few agents per layer are needed: a judge selects the most useful responses, so that the mixture of agents costs half as much while matching accuracy on AlpacaEval and MT-Bench.',
    topics: [],
  },
  {
    name: 'expert demonstrations are not MoE',
    title: 'Learning Dexterous Manipulation from Few Expert Demonstrations',
    abstract:
      'We study imitation learning for robot hands from a handful of expert demonstrations collected by teleoperation. A policy pretrained on human videos is fine-tuned with behaviour cloning on the expert trajectories and then refined with reinforcement learning, reaching 80% success on six tasks.',
    topics: [],
  },
  {
    name: 'sparse reward RL is not a topic',
    title: 'Curiosity-Driven Exploration for Sparse Reward Reasoning Tasks',
    abstract:
      'Reinforcement learning for language model reasoning suffers from sparse rewards: only the final answer is checked. We add an intrinsic curiosity bonus over intermediate steps, which densifies the learning signal and improves GSM8K and MATH accuracy under the same sample budget.',
    topics: [],
  },
  {
    name: 'decision-tree pruning is not model pruning',
    title: 'Pruning Decision Trees with Conformal Guarantees',
    abstract:
      'Decision trees are popular for interpretable prediction but deep trees overfit. We propose a pruning rule for decision trees that removes subtrees whose conformal prediction sets do not change, giving smaller trees with guaranteed coverage on twelve tabular benchmarks.',
    topics: [],
  },
  {
    name: 'mixture of sparse attention is sparse attention, not MoE',
    title: 'MoA: Mixture of Sparse Attention for Automatic Large Language Model Compression',
    abstract:
      'Sparse attention can reduce the memory and compute of long-context inference. Instead of one uniform sparse attention mask, we search a heterogeneous sliding-window configuration for every head and layer, and show that elastic per-head attention spans increase the effective context length while keeping the KV cache small.',
    topics: ['sparse_attention'],
  },
  {
    name: '2:4 semi-structured sparsity without the word pruning',
    title: 'Accelerating Transformer Inference with 2:4 Semi-Structured Sparsity',
    abstract:
      'Sparse tensor cores accelerate matrix multiplication when two of every four consecutive weights are zero. We study how to reach this 2:4 pattern in large language models with minimal accuracy loss, using a mask learned from calibration data and a short recovery fine-tune, and report 1.6x end-to-end speedups.',
    topics: ['pruning'],
  },
  {
    name: 'N:M sparsity',
    title: 'Learning N:M Fine-grained Structured Sparse Neural Networks From Scratch',
    abstract:
      'N:M fine-grained structured sparsity keeps N non-zero weights in every group of M consecutive weights and can be accelerated on recent GPUs. We train N:M sparse networks from scratch with a sparse-refined straight-through estimator and match dense accuracy on ImageNet.',
    topics: ['pruning'],
  },
  {
    name: 'KV-cache eviction without the words sparse attention',
    title: 'Keyformer: KV Cache Reduction through Key Tokens Selection for Efficient Generative Inference',
    abstract:
      'Generative inference of large language models is bound by the memory of the key-value cache. We observe that attention concentrates on a small set of key tokens and propose an eviction policy that keeps only these tokens in the KV cache, reducing its size by half and latency by 2x with no fine-tuning.',
    topics: ['sparse_attention'],
  },
  {
    name: 'dictionary learning on residual-stream activations',
    title: 'Decomposing the Residual Stream into Interpretable Directions with Dictionary Learning',
    abstract:
      'We apply dictionary learning to residual-stream activations of a 1B-parameter language model. The learned overcomplete basis yields latents that are monosemantic far more often than neurons, and ablating a latent has targeted effects on the next-token predictions.',
    topics: ['sae'],
  },
  {
    name: 'transcoders',
    title: 'Transcoders Beat Sparse Autoencoders for Interpretability',
    abstract:
      'Transcoders approximate an MLP layer with a wide, sparsely activating layer whose latents are interpretable features. We compare transcoders with SAEs trained on the same activations and find them more interpretable at equal reconstruction error.',
    topics: ['sae'],
  },
  {
    name: 'crosscoders',
    title: 'Model Diffing with Crosscoders',
    abstract:
      'Crosscoders learn a shared dictionary of features across a base model and its fine-tuned chat version. Features exclusive to the chat model reveal what fine-tuning changed, including refusal and sycophancy latents.',
    topics: ['sae'],
  },
  {
    name: 'conditionally activated experts without "mixture of experts"',
    title: 'Scaling Language Models with Conditionally Activated Experts',
    abstract:
      'We scale a decoder-only language model to 200B parameters while keeping per-token compute fixed: each feed-forward block is replaced by 64 conditionally activated experts, and a learned gate sends every token to two of them. A balancing loss keeps expert utilisation even.',
    topics: ['moe'],
  },
  {
    name: 'token dropping / heavy hitters',
    title: 'Keep the Heavy Hitters: Token Dropping for Long-Context Decoding',
    abstract:
      'During decoding, a few heavy hitter tokens receive most of the attention mass. We drop the remaining tokens from the KV cache once the budget is reached and show that keeping heavy hitters plus a recent window preserves accuracy on LongBench at 20% of the cache.',
    topics: ['sparse_attention'],
  },
  {
    name: 'Wanda / SparseGPT style one-shot pruning',
    title: 'Outlier-Weighed Layerwise Sparsity for One-Shot LLM Compression',
    abstract:
      'One-shot methods such as SparseGPT and Wanda remove 50% of the weights of a large language model without retraining, using a uniform sparsity ratio for every layer. We set non-uniform layerwise sparsity ratios from the density of activation outliers and improve perplexity at 70% unstructured sparsity.',
    topics: ['pruning'],
  },
  {
    name: 'top-k attention',
    title: 'Top-k Attention for Long-Context Decoding',
    abstract:
      'We approximate softmax attention by attending only to the top-k keys for each query, retrieved from the KV cache with an approximate nearest neighbour index, and show little loss on needle-in-a-haystack tests at 1M tokens.',
    topics: ['sparse_attention'],
  },
  {
    name: 'sliding-window attention',
    title: 'Sliding Window Attention Training for Efficient Large Language Models',
    abstract:
      'Sliding window attention limits each token to a local window and makes the KV cache constant in size. We study why models trained with full attention degrade when switched to sliding windows and propose a training recipe that keeps long-context accuracy with windowed attention only.',
    topics: ['sparse_attention'],
  },
  {
    name: 'pruning experts of an MoE is moe + pruning',
    title: 'Task-Specific Expert Pruning for Sparse Mixture-of-Experts',
    abstract:
      'Mixture-of-Experts models route each token to a few experts, but deploying all experts is costly. We progressively drop the experts that the router rarely selects for a target task during fine-tuning, keeping a single expert per layer and retaining 99% of the accuracy with 2x faster inference.',
    topics: ['moe', 'pruning'],
  },
  {
    name: 'data pruning is borderline at most, never MoE/SAE/SA',
    title: 'Data Pruning for Efficient Pretraining via Perplexity Filtering',
    abstract:
      'We prune pretraining datasets by discarding the examples that a small reference model finds too easy or too noisy. Training on the pruned dataset matches the full-data model with 30% fewer tokens.',
    topics: [],
  },
  {
    name: 'quantisation alone is not pruning',
    title: 'SmoothQuant: Accurate and Efficient Post-Training Quantization for Large Language Models',
    abstract:
      'We propose a training-free post-training quantization method that enables 8-bit weight and activation quantization for LLMs by migrating the quantization difficulty from activations to weights with a mathematically equivalent transformation.',
    topics: [],
  },
  {
    name: 'grouped-query attention is not sparse attention',
    title: 'Optimised Grouped-Query Attention for Long Contexts',
    abstract:
      'Grouped-query attention shares key-value heads among groups of query heads and reduces the KV cache. We search for the best number of key-value heads as a function of context length and show that fewer heads with a larger model are compute-optimal.',
    topics: [],
  },
  {
    name: 'LLM routing is not MoE',
    title: 'Routing Queries Between Large Language Models for Cost-Quality Trade-offs',
    abstract:
      'Not every query needs the largest model. We train a router that sends each query either to a small or to a large LLM, predicting from the prompt whether the small model will answer correctly, and halve inference cost.',
    topics: [],
  },
  {
    name: 'sparse autoencoders as signal feature extractors are not SAE (interpretability)',
    title: 'Stacked Sparse Autoencoders for Fault Diagnosis of Rolling Bearings',
    abstract:
      'We propose a deep network of stacked sparse autoencoders trained on vibration signals to learn features for fault classification of rolling bearings, reaching 99% accuracy on the CWRU dataset.',
    topics: [],
  },
  {
    name: 'TopK attention written as one word',
    title: 'MagicPIG: LSH Sampling for Efficient LLM Generation',
    abstract:
      'Large language models with long context windows have gained significant attention. However, the KV cache, stored to avoid re-computation, becomes a bottleneck. TopK attention is often used but we show its quality can degrade; we propose sampling keys with locality sensitive hashing instead.',
    topics: ['sparse_attention'],
  },
  {
    name: 'routing queries to "expert" LLMs is not MoE',
    title: 'Routing to the Expert: Efficient Reward-guided Ensemble of Large Language Models',
    abstract:
      'Off-the-shelf LLMs have heterogeneous expertise. We propose a reward-guided routing method that distills rewards on training queries to train a routing function, which sends each query to the LLM with expertise about it.',
    topics: [],
  },
  {
    name: 'product of experts and expert-level evaluation are not MoE',
    title: 'Expert-level Medical Question Answering with a Product of Experts over LLM Scorers',
    abstract:
      'We evaluate LLMs against expert physicians on medical question answering and combine several scoring prompts as a product of experts to choose the final answer.',
    topics: [],
  },
  {
    name: 'a sparse graph is not a topic; plain attention is not sparse attention',
    title: 'A Sparse Graph Attention Network for Traffic Forecasting',
    abstract:
      'We learn a sparse graph over road sensors and combine graph convolutions with temporal self-attention to forecast traffic speed.',
    topics: [],
  },
  {
    name: 'visual token sparsification is (token) pruning',
    title: 'SparseVLM: Visual Token Sparsification for Efficient Vision-Language Model Inference',
    abstract:
      'Vision-language models spend most compute on visual tokens. We rank visual tokens with text-guided scores and prune the redundant ones without training.',
    topics: ['pruning'],
  },
  {
    name: 'SAE levels of driving automation are not sparse autoencoders',
    title: 'Scenario-Based Safety Validation of SAE Level 4 Automated Driving Systems',
    abstract:
      'Automated driving systems at SAE Level 4 must be validated in many traffic scenarios. We generate critical scenarios with a learned traffic model and test two SAE Level 4 stacks in simulation.',
    topics: [],
  },
];

describe('classifier failure modes of keyword matching (issue 3)', () => {
  for (const c of CASES) {
    it(`${c.name}`, () => {
      const r = classify({ title: c.title, abstract: c.abstract });
      expect([...r.topics].sort()).toEqual([...c.topics].sort());
      const t = classify({ title: c.title });
      for (const topic of t.topics) expect(c.topics).toContain(topic);
    });
  }
});

/**
 * Listing cues (model.ts rules with `listing: true`): titles without abstract that name their topic
 * only indirectly. Two weak cues make a chip, one does not; with an abstract the cues do not count.
 */
const TITLE_CASES: Array<{ name: string; title: string; topics: string[] }> = [
  {
    name: 'named attention mechanism + long-context inference is sparse attention',
    title: 'FocusAttention: Accelerating Long-Context LLM Inference on a Single GPU',
    topics: ['sparse_attention'],
  },
  {
    name: 'transformers for long inputs are sparse attention',
    title: 'An Efficient Transformer for Long Document Summarization',
    topics: ['sparse_attention'],
  },
  {
    name: 'KV cache + long-context efficiency is sparse attention',
    title: 'A KV Cache for Fast Long-Context Decoding on Edge Devices',
    topics: ['sparse_attention'],
  },
  {
    name: 'long context alone is not sparse attention (context extension, evaluation)',
    title: 'How Well Do Long-Context Language Models Reason over Tables?',
    topics: [],
  },
  {
    name: 'speculative decoding for long contexts is not sparse attention',
    title: 'Efficient Long-Context Inference with Speculative Decoding',
    topics: [],
  },
  {
    name: 'quantised attention kernels are not sparse attention',
    title: 'QAttn: 4-Bit Attention for Fast LLM Inference',
    topics: [],
  },
  {
    name: 'exact attention split over devices is not sparse attention',
    title: 'Striped Attention: Faster Ring Attention for Causal Transformers with Infinite Context',
    topics: [],
  },
  {
    name: 'experts next to sparse computation are MoE',
    title: 'Training Sparse Expert Models without Auxiliary Losses',
    topics: ['moe'],
  },
  {
    name: 'routed language models are MoE',
    title: 'Scaling Properties of Routed Language Models at Trillion Scale',
    topics: ['moe'],
  },
  {
    name: 'routing queries between LLMs is not MoE',
    title: 'Learning to Route Queries between Large Language Models',
    topics: [],
  },
  {
    name: 'sparse features for steering are SAE',
    title: 'Steering Chat Models with Sparse Features',
    topics: ['sae'],
  },
  {
    name: 'classical dictionary learning for sparse coding is not SAE',
    title: 'Fast Dictionary Learning for Sparse Coding of Natural Images',
    topics: [],
  },
  {
    name: 'redundant layers are pruning',
    title: 'Most Layers of Vision Transformers Are Redundant',
    topics: ['pruning'],
  },
  {
    name: 'redundant weights in a theory paper are not a pruning method',
    title: 'Weights Are Redundant in Overparameterized Linear Models: A Theory',
    topics: [],
  },
  {
    name: 'sparsity of an LLM, with activated parameters, is pruning',
    title: 'Sparse Llama: Matching Dense LLMs with Fewer Activated Parameters',
    topics: ['pruning'],
  },
  {
    name: 'compressing LLMs by quantisation is not pruning',
    title: 'Compressing Large Language Models with 2-Bit Codebooks',
    topics: [],
  },
  {
    name: 'compressing MoE experts (not by quantisation) is MoE + pruning',
    title: 'Compressing Mixture-of-Experts LLMs by Expert Reduction',
    topics: ['moe', 'pruning'],
  },
];

describe('title-only listing cues', () => {
  for (const c of TITLE_CASES) {
    it(c.name, () => {
      expect([...classify({ title: c.title }).topics].sort()).toEqual([...c.topics].sort());
    });
  }
  it('listing cues do not count when the paper has an abstract', () => {
    const title = 'FocusAttention: Accelerating Long-Context LLM Inference on a Single GPU';
    const abstract =
      'We study how users read long documents with LLM assistants and report a survey of 200 users.';
    expect(classify({ title }).topics).toEqual(['sparse_attention']);
    expect(classify({ title, abstract }).topics).toEqual([]);
  });
});
