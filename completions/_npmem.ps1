
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'npmem' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'npmem'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'npmem' {
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Answer for another machine (default: this one)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--units', '--units', [CompletionResultType]::ParameterName, 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('estimate', 'estimate', [CompletionResultType]::ParameterValue, 'How much memory arrays take, and whether they fit with room for temporaries')
            [CompletionResult]::new('finfo', 'finfo', [CompletionResultType]::ParameterValue, 'Machine limits of numeric dtypes (numpy''s finfo and iinfo), exact, and their comparison')
            [CompletionResult]::new('cast-check', 'cast-check', [CompletionResultType]::ParameterValue, 'What a cast loses: numpy''s can_cast under each rule, result_type (of any number of dtypes and Python scalars with --result-type), and every loss with its smallest witness')
            [CompletionResult]::new('peak', 'peak', [CompletionResultType]::ParameterValue, 'The peak memory of a numpy script, line by line, without running it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff): npmem''s, or one subcommand''s')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'npmem;estimate' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The dtype of specs that name none')
            [CompletionResult]::new('--dtype', '--dtype', [CompletionResultType]::ParameterName, 'The dtype of specs that name none')
            [CompletionResult]::new('--ram', '--ram', [CompletionResultType]::ParameterName, 'Usable memory, instead of detecting it (e.g. 8GB, 16GiB)')
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'Memory the arrays may use: a size (4GiB) or a share of usable memory (50%) [default: usable memory]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Keep room for N more arrays the size of the largest (intermediate results)')
            [CompletionResult]::new('--temporaries', '--temporaries', [CompletionResultType]::ParameterName, 'Keep room for N more arrays the size of the largest (intermediate results)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'For FILE arguments: what the same data takes in another dtype (e.g. a bf16 checkpoint as float8_e4m3fn)')
            [CompletionResult]::new('--chunks', '--chunks', [CompletionResultType]::ParameterName, 'Plan Dask chunks, exactly as Dask''s normalize_chunks: auto, a chunk shape (1000x1000), one entry per dimension (auto,-1,1000) or a byte size (64MiB)')
            [CompletionResult]::new('--chunk-size', '--chunk-size', [CompletionResultType]::ParameterName, 'The size auto chunks aim for: Dask''s limit and array.chunk-size [default: 128MiB]')
            [CompletionResult]::new('--previous-chunks', '--previous-chunks', [CompletionResultType]::ParameterName, 'Chunks to align auto chunks with (Dask''s previous_chunks), e.g. 100x100; a Zarr array uses its storage chunks')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'Dask workers the chunks are spread over: report the memory each needs')
            [CompletionResult]::new('--threads-per-worker', '--threads-per-worker', [CompletionResultType]::ParameterName, 'Threads (running tasks) per worker [default: this machine''s cores / N, rounded up, as a local cluster]')
            [CompletionResult]::new('--worker-memory', '--worker-memory', [CompletionResultType]::ParameterName, 'Memory each worker has [default: this machine''s usable memory / N, as a local cluster]')
            [CompletionResult]::new('--chunks-in-flight', '--chunks-in-flight', [CompletionResultType]::ParameterName, 'Chunks each running task holds at once, its inputs and its output')
            [CompletionResult]::new('--worker-reserve', '--worker-reserve', [CompletionResultType]::ParameterName, 'Memory each worker process takes before any chunk (interpreter, libraries)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Tokens of context for the KV cache, or ? for the longest that fits [default: the model''s maximum]')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Sequences at once (inference) or per device and step (training)')
            [CompletionResult]::new('--kv-dtype', '--kv-dtype', [CompletionResultType]::ParameterName, 'The KV cache''s type (float16, float8_e4m3fn, q8_0, …) [default: the model''s torch_dtype; float16 for GGUF]')
            [CompletionResult]::new('--dtypes', '--dtypes', [CompletionResultType]::ParameterName, 'The comparison table''s weight types, like accelerate''s estimate-memory')
            [CompletionResult]::new('--device-memory', '--device-memory', [CompletionResultType]::ParameterName, 'Memory of one accelerator, instead of usable RAM (e.g. 80GB)')
            [CompletionResult]::new('--gpus', '--gpus', [CompletionResultType]::ParameterName, 'Devices the model is spread over: inference splits evenly, training follows --zero')
            [CompletionResult]::new('--train', '--train', [CompletionResultType]::ParameterName, 'Training memory with this optimizer')
            [CompletionResult]::new('--precision', '--precision', [CompletionResultType]::ParameterName, 'Training precision')
            [CompletionResult]::new('--seq', '--seq', [CompletionResultType]::ParameterName, 'Training sequence length [default: --context, else the model''s maximum]')
            [CompletionResult]::new('--lora-rank', '--lora-rank', [CompletionResultType]::ParameterName, 'Train LoRA adapters of rank R instead of the whole model (the base frozen, in --as''s type)')
            [CompletionResult]::new('--lora-targets', '--lora-targets', [CompletionResultType]::ParameterName, 'The modules LoRA adapts')
            [CompletionResult]::new('--zero', '--zero', [CompletionResultType]::ParameterName, 'ZeRO stage over --gpus: 1 shards optimizer state, 2 and gradients, 3 (FSDP full shard) and weights')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Answer for another machine (default: this one)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--units', '--units', [CompletionResultType]::ParameterName, 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Print only the total in bytes, as an integer')
            [CompletionResult]::new('--tensors', '--tensors', [CompletionResultType]::ParameterName, 'List every array of a file in the table (files of more than 20 are summarised: grouped by layer, the largest named)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Read each FILE as a model checkpoint (a directory with config.json, safetensors or an index, or GGUF; or its URL): weights, KV cache, training')
            [CompletionResult]::new('--checkpointing', '--checkpointing', [CompletionResultType]::ParameterName, 'Full activation checkpointing (each layer''s input kept, the layer recomputed)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'npmem;finfo' {
            [CompletionResult]::new('--shape', '--shape', [CompletionResultType]::ParameterName, 'Add the memory an array of this shape takes in each dtype (e.g. 1e9 or 4096x4096)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Answer for another machine (default: this one)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--units', '--units', [CompletionResultType]::ParameterName, 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Also show each value''s exact decimal expansion')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'npmem;cast-check' {
            [CompletionResult]::new('--value', '--value', [CompletionResultType]::ParameterName, 'A value to store into TO, read exactly as decimal text (repeatable): 1.5, -2e-3, inf, nan')
            [CompletionResult]::new('--values-from', '--values-from', [CompletionResultType]::ParameterName, 'Read values from FILE, one per line (''-'' for standard input)')
            [CompletionResult]::new('--via', '--via', [CompletionResultType]::ParameterName, 'How values reach numpy: as strings (exact text) or as Python float literals (float64 first)')
            [CompletionResult]::new('--rtol', '--rtol', [CompletionResultType]::ParameterName, 'Relative tolerance, as np.isclose: a value passes when |stored - exact| <= atol + rtol*|exact| (the exit code follows it)')
            [CompletionResult]::new('--atol', '--atol', [CompletionResultType]::ParameterName, 'Absolute tolerance, as np.isclose (numpy''s defaults for the one not given: rtol 1e-05, atol 1e-08)')
            [CompletionResult]::new('--casting', '--casting', [CompletionResultType]::ParameterName, 'The rule the exit code checks between dtypes: numpy''s no, equiv, safe, same_kind, unsafe, or npmem''s lossless [default: safe]; with a file, numpy''s rule applies to its dtype')
            [CompletionResult]::new('--max-bytes', '--max-bytes', [CompletionResultType]::ParameterName, 'With FILE: refuse (exit 2) a scan of more than SIZE bytes of data (8GB, 512MiB), checked before it starts; a deflated .npz member counts its inflated bytes')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Answer for another machine (default: this one)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--units', '--units', [CompletionResultType]::ParameterName, 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes')
            [CompletionResult]::new('--result-type', '--result-type', [CompletionResultType]::ParameterName, 'Promote the operands as np.result_type does; a number literal (300, -1, 2.0, 1e400, 3j, True) is a weak Python scalar (NEP 50)')
            [CompletionResult]::new('--sum', '--sum', [CompletionResultType]::ParameterName, 'Also sum the stored values as np.sum does, beside the exact sum')
            [CompletionResult]::new('--each', '--each', [CompletionResultType]::ParameterName, 'List every value (JSON: one object per line), however many there are; past 20 values the default is a summary')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'npmem;peak' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The script as a string (a one-liner)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Replace the script''s top-level binding of NAME: an integer (N=5000) or an array (X=1e6x128:f4)')
            [CompletionResult]::new('--ram', '--ram', [CompletionResultType]::ParameterName, 'Usable memory, instead of detecting it (e.g. 8GB, 16GiB)')
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'Memory the arrays may use: a size (4GiB) or a share of usable memory (50%) [default: usable memory]')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show only the K lines with the highest peaks in the table')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Answer for another machine (default: this one)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--units', '--units', [CompletionResultType]::ParameterName, 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'npmem;completions' {
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Answer for another machine (default: this one)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--units', '--units', [CompletionResultType]::ParameterName, 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'npmem;man' {
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Answer for another machine (default: this one)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--units', '--units', [CompletionResultType]::ParameterName, 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'npmem;help' {
            [CompletionResult]::new('estimate', 'estimate', [CompletionResultType]::ParameterValue, 'How much memory arrays take, and whether they fit with room for temporaries')
            [CompletionResult]::new('finfo', 'finfo', [CompletionResultType]::ParameterValue, 'Machine limits of numeric dtypes (numpy''s finfo and iinfo), exact, and their comparison')
            [CompletionResult]::new('cast-check', 'cast-check', [CompletionResultType]::ParameterValue, 'What a cast loses: numpy''s can_cast under each rule, result_type (of any number of dtypes and Python scalars with --result-type), and every loss with its smallest witness')
            [CompletionResult]::new('peak', 'peak', [CompletionResultType]::ParameterValue, 'The peak memory of a numpy script, line by line, without running it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff): npmem''s, or one subcommand''s')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'npmem;help;estimate' {
            break
        }
        'npmem;help;finfo' {
            break
        }
        'npmem;help;cast-check' {
            break
        }
        'npmem;help;peak' {
            break
        }
        'npmem;help;completions' {
            break
        }
        'npmem;help;man' {
            break
        }
        'npmem;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
