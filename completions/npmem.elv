
use builtin;
use str;

set edit:completion:arg-completer[npmem] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'npmem'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'npmem'= {
            cand --platform 'Answer for another machine (default: this one)'
            cand --color 'When to colour the output'
            cand --units 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand estimate 'How much memory arrays take, and whether they fit with room for temporaries'
            cand finfo 'Machine limits of numeric dtypes (numpy''s finfo and iinfo), exact, and their comparison'
            cand cast-check 'What a cast loses: numpy''s can_cast under each rule, result_type (of any number of dtypes and Python scalars with --result-type), and every loss with its smallest witness'
            cand peak 'The peak memory of a numpy script, line by line, without running it'
            cand completions 'Print a shell completion script'
            cand man 'Print a man page (roff): npmem''s, or one subcommand''s'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'npmem;estimate'= {
            cand -d 'The dtype of specs that name none'
            cand --dtype 'The dtype of specs that name none'
            cand --ram 'Usable memory, instead of detecting it (e.g. 8GB, 16GiB)'
            cand --budget 'Memory the arrays may use: a size (4GiB) or a share of usable memory (50%) [default: usable memory]'
            cand -t 'Keep room for N more arrays the size of the largest (intermediate results)'
            cand --temporaries 'Keep room for N more arrays the size of the largest (intermediate results)'
            cand --as 'For FILE arguments: what the same data takes in another dtype (e.g. a bf16 checkpoint as float8_e4m3fn)'
            cand --chunks 'Plan Dask chunks, exactly as Dask''s normalize_chunks: auto, a chunk shape (1000x1000), one entry per dimension (auto,-1,1000) or a byte size (64MiB)'
            cand --chunk-size 'The size auto chunks aim for: Dask''s limit and array.chunk-size [default: 128MiB]'
            cand --previous-chunks 'Chunks to align auto chunks with (Dask''s previous_chunks), e.g. 100x100; a Zarr array uses its storage chunks'
            cand --workers 'Dask workers the chunks are spread over: report the memory each needs'
            cand --threads-per-worker 'Threads (running tasks) per worker [default: this machine''s cores / N, rounded up, as a local cluster]'
            cand --worker-memory 'Memory each worker has [default: this machine''s usable memory / N, as a local cluster]'
            cand --chunks-in-flight 'Chunks each running task holds at once, its inputs and its output'
            cand --worker-reserve 'Memory each worker process takes before any chunk (interpreter, libraries)'
            cand --context 'Tokens of context for the KV cache, or ? for the longest that fits [default: the model''s maximum]'
            cand --batch 'Sequences at once (inference) or per device and step (training)'
            cand --kv-dtype 'The KV cache''s type (float16, float8_e4m3fn, q8_0, …) [default: the model''s torch_dtype; float16 for GGUF]'
            cand --dtypes 'The comparison table''s weight types, like accelerate''s estimate-memory'
            cand --device-memory 'Memory of one accelerator, instead of usable RAM (e.g. 80GB)'
            cand --gpus 'Devices the model is spread over: inference splits evenly, training follows --zero'
            cand --train 'Training memory with this optimizer'
            cand --precision 'Training precision'
            cand --seq 'Training sequence length [default: --context, else the model''s maximum]'
            cand --lora-rank 'Train LoRA adapters of rank R instead of the whole model (the base frozen, in --as''s type)'
            cand --lora-targets 'The modules LoRA adapts'
            cand --zero 'ZeRO stage over --gpus: 1 shards optimizer state, 2 and gradients, 3 (FSDP full shard) and weights'
            cand --format 'Output format'
            cand --platform 'Answer for another machine (default: this one)'
            cand --color 'When to colour the output'
            cand --units 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes'
            cand --bytes 'Print only the total in bytes, as an integer'
            cand --tensors 'List every array of a file in the table (files of more than 20 are summarised: grouped by layer, the largest named)'
            cand --model 'Read each FILE as a model checkpoint (a directory with config.json, safetensors or an index, or GGUF; or its URL): weights, KV cache, training'
            cand --checkpointing 'Full activation checkpointing (each layer''s input kept, the layer recomputed)'
            cand --json 'Print JSON (the same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'npmem;finfo'= {
            cand --shape 'Add the memory an array of this shape takes in each dtype (e.g. 1e9 or 4096x4096)'
            cand --format 'Output format'
            cand --platform 'Answer for another machine (default: this one)'
            cand --color 'When to colour the output'
            cand --units 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes'
            cand --exact 'Also show each value''s exact decimal expansion'
            cand --json 'Print JSON (the same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'npmem;cast-check'= {
            cand --value 'A value to store into TO, read exactly as decimal text (repeatable): 1.5, -2e-3, inf, nan'
            cand --values-from 'Read values from FILE, one per line (''-'' for standard input)'
            cand --via 'How values reach numpy: as strings (exact text) or as Python float literals (float64 first)'
            cand --rtol 'Relative tolerance, as np.isclose: a value passes when |stored - exact| <= atol + rtol*|exact| (the exit code follows it)'
            cand --atol 'Absolute tolerance, as np.isclose (numpy''s defaults for the one not given: rtol 1e-05, atol 1e-08)'
            cand --casting 'The rule the exit code checks between dtypes: numpy''s no, equiv, safe, same_kind, unsafe, or npmem''s lossless [default: safe]; with a file, numpy''s rule applies to its dtype'
            cand --max-bytes 'With FILE: refuse (exit 2) a scan of more than SIZE bytes of data (8GB, 512MiB), checked before it starts; a deflated .npz member counts its inflated bytes'
            cand --format 'Output format'
            cand --platform 'Answer for another machine (default: this one)'
            cand --color 'When to colour the output'
            cand --units 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes'
            cand --result-type 'Promote the operands as np.result_type does; a number literal (300, -1, 2.0, 1e400, 3j, True) is a weak Python scalar (NEP 50)'
            cand --sum 'Also sum the stored values as np.sum does, beside the exact sum'
            cand --each 'List every value (JSON: one object per line), however many there are; past 20 values the default is a summary'
            cand --json 'Print JSON (the same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'npmem;peak'= {
            cand -c 'The script as a string (a one-liner)'
            cand --set 'Replace the script''s top-level binding of NAME: an integer (N=5000) or an array (X=1e6x128:f4)'
            cand --ram 'Usable memory, instead of detecting it (e.g. 8GB, 16GiB)'
            cand --budget 'Memory the arrays may use: a size (4GiB) or a share of usable memory (50%) [default: usable memory]'
            cand --top 'Show only the K lines with the highest peaks in the table'
            cand --format 'Output format'
            cand --platform 'Answer for another machine (default: this one)'
            cand --color 'When to colour the output'
            cand --units 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes'
            cand --json 'Print JSON (the same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'npmem;completions'= {
            cand --platform 'Answer for another machine (default: this one)'
            cand --color 'When to colour the output'
            cand --units 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'npmem;man'= {
            cand --platform 'Answer for another machine (default: this one)'
            cand --color 'When to colour the output'
            cand --units 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'npmem;help'= {
            cand estimate 'How much memory arrays take, and whether they fit with room for temporaries'
            cand finfo 'Machine limits of numeric dtypes (numpy''s finfo and iinfo), exact, and their comparison'
            cand cast-check 'What a cast loses: numpy''s can_cast under each rule, result_type (of any number of dtypes and Python scalars with --result-type), and every loss with its smallest witness'
            cand peak 'The peak memory of a numpy script, line by line, without running it'
            cand completions 'Print a shell completion script'
            cand man 'Print a man page (roff): npmem''s, or one subcommand''s'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'npmem;help;estimate'= {
        }
        &'npmem;help;finfo'= {
        }
        &'npmem;help;cast-check'= {
        }
        &'npmem;help;peak'= {
        }
        &'npmem;help;completions'= {
        }
        &'npmem;help;man'= {
        }
        &'npmem;help;help'= {
        }
    ]
    $completions[$command]
}
