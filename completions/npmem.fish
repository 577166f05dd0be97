# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_npmem_global_optspecs
    string join \n platform= color= units= h/help V/version
end

function __fish_npmem_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_npmem_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_npmem_using_subcommand
    set -l cmd (__fish_npmem_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c npmem -n "__fish_npmem_needs_command" -l platform -d 'Answer for another machine (default: this one)' -r -f -a "linux-x86_64\t''
linux-aarch64\t''
macos-arm64\t''
windows-x86_64\t''"
complete -c npmem -n "__fish_npmem_needs_command" -l color -d 'When to colour the output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c npmem -n "__fish_npmem_needs_command" -l units -d 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes' -r -f -a "si\t''
iec\t''"
complete -c npmem -n "__fish_npmem_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c npmem -n "__fish_npmem_needs_command" -s V -l version -d 'Print version'
complete -c npmem -n "__fish_npmem_needs_command" -f -a "estimate" -d 'How much memory arrays take, and whether they fit with room for temporaries'
complete -c npmem -n "__fish_npmem_needs_command" -f -a "finfo" -d 'Machine limits of numeric dtypes (numpy\'s finfo and iinfo), exact, and their comparison'
complete -c npmem -n "__fish_npmem_needs_command" -f -a "cast-check" -d 'What a cast loses: numpy\'s can_cast under each rule, result_type (of any number of dtypes and Python scalars with --result-type), and every loss with its smallest witness'
complete -c npmem -n "__fish_npmem_needs_command" -f -a "peak" -d 'The peak memory of a numpy script, line by line, without running it'
complete -c npmem -n "__fish_npmem_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c npmem -n "__fish_npmem_needs_command" -f -a "man" -d 'Print a man page (roff): npmem\'s, or one subcommand\'s'
complete -c npmem -n "__fish_npmem_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -s d -l dtype -d 'The dtype of specs that name none' -r -f -a "bool\t''
bool_\t''
byte\t''
ubyte\t''
short\t''
ushort\t''
intc\t''
uintc\t''
long\t''
ulong\t''
longlong\t''
ulonglong\t''
intp\t''
uintp\t''
int\t''
int_\t''
uint\t''
int8\t''
int16\t''
int32\t''
int64\t''
uint8\t''
uint16\t''
uint32\t''
uint64\t''
half\t''
single\t''
double\t''
float\t''
longdouble\t''
float16\t''
float32\t''
float64\t''
float128\t''
csingle\t''
cdouble\t''
complex\t''
clongdouble\t''
complex64\t''
complex128\t''
complex256\t''
object\t''
object_\t''
bytes\t''
bytes_\t''
str\t''
str_\t''
unicode\t''
void\t''
datetime64\t''
timedelta64\t''
bfloat16\t''
float8_e4m3fn\t''
float8_e5m2\t''
float8_e4m3fnuz\t''
float8_e5m2fnuz\t''
float8_e4m3b11fnuz\t''
float8_e3m4\t''
float8_e4m3\t''
float8_e8m0fnu\t''
float6_e2m3fn\t''
float6_e3m2fn\t''
float4_e2m1fn\t''
int1\t''
int2\t''
int4\t''
uint1\t''
uint2\t''
uint4\t''
complex32\t''
bcomplex32\t''"
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l ram -d 'Usable memory, instead of detecting it (e.g. 8GB, 16GiB)' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l budget -d 'Memory the arrays may use: a size (4GiB) or a share of usable memory (50%) [default: usable memory]' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -s t -l temporaries -d 'Keep room for N more arrays the size of the largest (intermediate results)' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l as -d 'For FILE arguments: what the same data takes in another dtype (e.g. a bf16 checkpoint as float8_e4m3fn)' -r -f -a "bool\t''
bool_\t''
byte\t''
ubyte\t''
short\t''
ushort\t''
intc\t''
uintc\t''
long\t''
ulong\t''
longlong\t''
ulonglong\t''
intp\t''
uintp\t''
int\t''
int_\t''
uint\t''
int8\t''
int16\t''
int32\t''
int64\t''
uint8\t''
uint16\t''
uint32\t''
uint64\t''
half\t''
single\t''
double\t''
float\t''
longdouble\t''
float16\t''
float32\t''
float64\t''
float128\t''
csingle\t''
cdouble\t''
complex\t''
clongdouble\t''
complex64\t''
complex128\t''
complex256\t''
object\t''
object_\t''
bytes\t''
bytes_\t''
str\t''
str_\t''
unicode\t''
void\t''
datetime64\t''
timedelta64\t''
bfloat16\t''
float8_e4m3fn\t''
float8_e5m2\t''
float8_e4m3fnuz\t''
float8_e5m2fnuz\t''
float8_e4m3b11fnuz\t''
float8_e3m4\t''
float8_e4m3\t''
float8_e8m0fnu\t''
float6_e2m3fn\t''
float6_e3m2fn\t''
float4_e2m1fn\t''
int1\t''
int2\t''
int4\t''
uint1\t''
uint2\t''
uint4\t''
complex32\t''
bcomplex32\t''"
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l chunks -d 'Plan Dask chunks, exactly as Dask\'s normalize_chunks: auto, a chunk shape (1000x1000), one entry per dimension (auto,-1,1000) or a byte size (64MiB)' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l chunk-size -d 'The size auto chunks aim for: Dask\'s limit and array.chunk-size [default: 128MiB]' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l previous-chunks -d 'Chunks to align auto chunks with (Dask\'s previous_chunks), e.g. 100x100; a Zarr array uses its storage chunks' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l workers -d 'Dask workers the chunks are spread over: report the memory each needs' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l threads-per-worker -d 'Threads (running tasks) per worker [default: this machine\'s cores / N, rounded up, as a local cluster]' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l worker-memory -d 'Memory each worker has [default: this machine\'s usable memory / N, as a local cluster]' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l chunks-in-flight -d 'Chunks each running task holds at once, its inputs and its output' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l worker-reserve -d 'Memory each worker process takes before any chunk (interpreter, libraries)' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l context -d 'Tokens of context for the KV cache, or ? for the longest that fits [default: the model\'s maximum]' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l batch -d 'Sequences at once (inference) or per device and step (training)' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l kv-dtype -d 'The KV cache\'s type (float16, float8_e4m3fn, q8_0, …) [default: the model\'s torch_dtype; float16 for GGUF]' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l dtypes -d 'The comparison table\'s weight types, like accelerate\'s estimate-memory' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l device-memory -d 'Memory of one accelerator, instead of usable RAM (e.g. 80GB)' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l gpus -d 'Devices the model is spread over: inference splits evenly, training follows --zero' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l train -d 'Training memory with this optimizer' -r -f -a "adam\t''
adamw\t''
sgd\t'SGD with momentum'
adafactor\t''
adam8bit\t'bitsandbytes\' 8-bit Adam'"
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l precision -d 'Training precision' -r -f -a "fp32\t''
mixed-bf16\t''
mixed-fp16\t''"
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l seq -d 'Training sequence length [default: --context, else the model\'s maximum]' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l lora-rank -d 'Train LoRA adapters of rank R instead of the whole model (the base frozen, in --as\'s type)' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l lora-targets -d 'The modules LoRA adapts' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l zero -d 'ZeRO stage over --gpus: 1 shards optimizer state, 2 and gradients, 3 (FSDP full shard) and weights' -r
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l format -d 'Output format' -r -f -a "table\t'A readable table'
plain\t'One line per result, for grep and awk'
json\t'A JSON document (the documented contract)'"
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l platform -d 'Answer for another machine (default: this one)' -r -f -a "linux-x86_64\t''
linux-aarch64\t''
macos-arm64\t''
windows-x86_64\t''"
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l color -d 'When to colour the output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l units -d 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes' -r -f -a "si\t''
iec\t''"
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l bytes -d 'Print only the total in bytes, as an integer'
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l tensors -d 'List every array of a file in the table (files of more than 20 are summarised: grouped by layer, the largest named)'
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l model -d 'Read each FILE as a model checkpoint (a directory with config.json, safetensors or an index, or GGUF; or its URL): weights, KV cache, training'
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l checkpointing -d 'Full activation checkpointing (each layer\'s input kept, the layer recomputed)'
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -l json -d 'Print JSON (the same as --format json)'
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c npmem -n "__fish_npmem_using_subcommand estimate" -s V -l version -d 'Print version'
complete -c npmem -n "__fish_npmem_using_subcommand finfo" -l shape -d 'Add the memory an array of this shape takes in each dtype (e.g. 1e9 or 4096x4096)' -r
complete -c npmem -n "__fish_npmem_using_subcommand finfo" -l format -d 'Output format' -r -f -a "table\t'A comparison table'
plain\t'One line per dtype, for grep and awk'
json\t'A JSON document (the documented contract)'
repr\t'Exactly Python\'s repr(np.finfo(T))'
str\t'Exactly Python\'s str(np.finfo(T)), the "Machine parameters" block'"
complete -c npmem -n "__fish_npmem_using_subcommand finfo" -l platform -d 'Answer for another machine (default: this one)' -r -f -a "linux-x86_64\t''
linux-aarch64\t''
macos-arm64\t''
windows-x86_64\t''"
complete -c npmem -n "__fish_npmem_using_subcommand finfo" -l color -d 'When to colour the output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c npmem -n "__fish_npmem_using_subcommand finfo" -l units -d 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes' -r -f -a "si\t''
iec\t''"
complete -c npmem -n "__fish_npmem_using_subcommand finfo" -l exact -d 'Also show each value\'s exact decimal expansion'
complete -c npmem -n "__fish_npmem_using_subcommand finfo" -l json -d 'Print JSON (the same as --format json)'
complete -c npmem -n "__fish_npmem_using_subcommand finfo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c npmem -n "__fish_npmem_using_subcommand finfo" -s V -l version -d 'Print version'
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l value -d 'A value to store into TO, read exactly as decimal text (repeatable): 1.5, -2e-3, inf, nan' -r
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l values-from -d 'Read values from FILE, one per line (\'-\' for standard input)' -r -F
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l via -d 'How values reach numpy: as strings (exact text) or as Python float literals (float64 first)' -r -f -a "string\t''
float64\t''"
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l rtol -d 'Relative tolerance, as np.isclose: a value passes when |stored - exact| <= atol + rtol*|exact| (the exit code follows it)' -r
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l atol -d 'Absolute tolerance, as np.isclose (numpy\'s defaults for the one not given: rtol 1e-05, atol 1e-08)' -r
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l casting -d 'The rule the exit code checks between dtypes: numpy\'s no, equiv, safe, same_kind, unsafe, or npmem\'s lossless [default: safe]; with a file, numpy\'s rule applies to its dtype' -r -f -a "no\t''
equiv\t''
safe\t''
same_kind\t''
unsafe\t''
lossless\t''"
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l max-bytes -d 'With FILE: refuse (exit 2) a scan of more than SIZE bytes of data (8GB, 512MiB), checked before it starts; a deflated .npz member counts its inflated bytes' -r
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l format -d 'Output format' -r -f -a "table\t'A readable table'
plain\t'One line per result, for grep and awk'
json\t'A JSON document (the documented contract)'"
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l platform -d 'Answer for another machine (default: this one)' -r -f -a "linux-x86_64\t''
linux-aarch64\t''
macos-arm64\t''
windows-x86_64\t''"
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l color -d 'When to colour the output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l units -d 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes' -r -f -a "si\t''
iec\t''"
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l result-type -d 'Promote the operands as np.result_type does; a number literal (300, -1, 2.0, 1e400, 3j, True) is a weak Python scalar (NEP 50)'
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l sum -d 'Also sum the stored values as np.sum does, beside the exact sum'
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l each -d 'List every value (JSON: one object per line), however many there are; past 20 values the default is a summary'
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -l json -d 'Print JSON (the same as --format json)'
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c npmem -n "__fish_npmem_using_subcommand cast-check" -s V -l version -d 'Print version'
complete -c npmem -n "__fish_npmem_using_subcommand peak" -s c -d 'The script as a string (a one-liner)' -r
complete -c npmem -n "__fish_npmem_using_subcommand peak" -l set -d 'Replace the script\'s top-level binding of NAME: an integer (N=5000) or an array (X=1e6x128:f4)' -r
complete -c npmem -n "__fish_npmem_using_subcommand peak" -l top -d 'Show only the K lines with the highest peaks in the table' -r
complete -c npmem -n "__fish_npmem_using_subcommand peak" -l ram -d 'Usable memory, instead of detecting it (e.g. 8GB, 16GiB)' -r
complete -c npmem -n "__fish_npmem_using_subcommand peak" -l budget -d 'Memory the arrays may use: a size (4GiB) or a share of usable memory (50%) [default: usable memory]' -r
complete -c npmem -n "__fish_npmem_using_subcommand peak" -l format -d 'Output format' -r -f -a "table\t'A readable table'
plain\t'One line per result, for grep and awk'
json\t'A JSON document (the documented contract)'"
complete -c npmem -n "__fish_npmem_using_subcommand peak" -l platform -d 'Answer for another machine (default: this one)' -r -f -a "linux-x86_64\t''
linux-aarch64\t''
macos-arm64\t''
windows-x86_64\t''"
complete -c npmem -n "__fish_npmem_using_subcommand peak" -l color -d 'When to colour the output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c npmem -n "__fish_npmem_using_subcommand peak" -l units -d 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes' -r -f -a "si\t''
iec\t''"
complete -c npmem -n "__fish_npmem_using_subcommand peak" -l json -d 'Print JSON (the same as --format json)'
complete -c npmem -n "__fish_npmem_using_subcommand peak" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c npmem -n "__fish_npmem_using_subcommand peak" -s V -l version -d 'Print version'
complete -c npmem -n "__fish_npmem_using_subcommand completions" -l platform -d 'Answer for another machine (default: this one)' -r -f -a "linux-x86_64\t''
linux-aarch64\t''
macos-arm64\t''
windows-x86_64\t''"
complete -c npmem -n "__fish_npmem_using_subcommand completions" -l color -d 'When to colour the output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c npmem -n "__fish_npmem_using_subcommand completions" -l units -d 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes' -r -f -a "si\t''
iec\t''"
complete -c npmem -n "__fish_npmem_using_subcommand completions" -s h -l help -d 'Print help'
complete -c npmem -n "__fish_npmem_using_subcommand completions" -s V -l version -d 'Print version'
complete -c npmem -n "__fish_npmem_using_subcommand man" -l platform -d 'Answer for another machine (default: this one)' -r -f -a "linux-x86_64\t''
linux-aarch64\t''
macos-arm64\t''
windows-x86_64\t''"
complete -c npmem -n "__fish_npmem_using_subcommand man" -l color -d 'When to colour the output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c npmem -n "__fish_npmem_using_subcommand man" -l units -d 'Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes' -r -f -a "si\t''
iec\t''"
complete -c npmem -n "__fish_npmem_using_subcommand man" -s h -l help -d 'Print help'
complete -c npmem -n "__fish_npmem_using_subcommand man" -s V -l version -d 'Print version'
complete -c npmem -n "__fish_npmem_using_subcommand help; and not __fish_seen_subcommand_from estimate finfo cast-check peak completions man help" -f -a "estimate" -d 'How much memory arrays take, and whether they fit with room for temporaries'
complete -c npmem -n "__fish_npmem_using_subcommand help; and not __fish_seen_subcommand_from estimate finfo cast-check peak completions man help" -f -a "finfo" -d 'Machine limits of numeric dtypes (numpy\'s finfo and iinfo), exact, and their comparison'
complete -c npmem -n "__fish_npmem_using_subcommand help; and not __fish_seen_subcommand_from estimate finfo cast-check peak completions man help" -f -a "cast-check" -d 'What a cast loses: numpy\'s can_cast under each rule, result_type (of any number of dtypes and Python scalars with --result-type), and every loss with its smallest witness'
complete -c npmem -n "__fish_npmem_using_subcommand help; and not __fish_seen_subcommand_from estimate finfo cast-check peak completions man help" -f -a "peak" -d 'The peak memory of a numpy script, line by line, without running it'
complete -c npmem -n "__fish_npmem_using_subcommand help; and not __fish_seen_subcommand_from estimate finfo cast-check peak completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c npmem -n "__fish_npmem_using_subcommand help; and not __fish_seen_subcommand_from estimate finfo cast-check peak completions man help" -f -a "man" -d 'Print a man page (roff): npmem\'s, or one subcommand\'s'
complete -c npmem -n "__fish_npmem_using_subcommand help; and not __fish_seen_subcommand_from estimate finfo cast-check peak completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
