_npmem() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="npmem"
                ;;
            npmem,cast-check)
                cmd="npmem__subcmd__cast__subcmd__check"
                ;;
            npmem,completions)
                cmd="npmem__subcmd__completions"
                ;;
            npmem,estimate)
                cmd="npmem__subcmd__estimate"
                ;;
            npmem,finfo)
                cmd="npmem__subcmd__finfo"
                ;;
            npmem,help)
                cmd="npmem__subcmd__help"
                ;;
            npmem,man)
                cmd="npmem__subcmd__man"
                ;;
            npmem,peak)
                cmd="npmem__subcmd__peak"
                ;;
            npmem__subcmd__help,cast-check)
                cmd="npmem__subcmd__help__subcmd__cast__subcmd__check"
                ;;
            npmem__subcmd__help,completions)
                cmd="npmem__subcmd__help__subcmd__completions"
                ;;
            npmem__subcmd__help,estimate)
                cmd="npmem__subcmd__help__subcmd__estimate"
                ;;
            npmem__subcmd__help,finfo)
                cmd="npmem__subcmd__help__subcmd__finfo"
                ;;
            npmem__subcmd__help,help)
                cmd="npmem__subcmd__help__subcmd__help"
                ;;
            npmem__subcmd__help,man)
                cmd="npmem__subcmd__help__subcmd__man"
                ;;
            npmem__subcmd__help,peak)
                cmd="npmem__subcmd__help__subcmd__peak"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        npmem)
            opts="-h -V --platform --color --units --help --version estimate finfo cast-check peak completions man help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --platform)
                    COMPREPLY=($(compgen -W "linux-x86_64 linux-aarch64 macos-arm64 windows-x86_64" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --units)
                    COMPREPLY=($(compgen -W "si iec" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        npmem__subcmd__cast__subcmd__check)
            opts="-h -V --result-type --value --values-from --via --sum --each --rtol --atol --casting --max-bytes --format --json --platform --color --units --help --version bool bool_ byte ubyte short ushort intc uintc long ulong longlong ulonglong intp uintp int int_ uint int8 int16 int32 int64 uint8 uint16 uint32 uint64 half single double float longdouble float16 float32 float64 float128 csingle cdouble complex clongdouble complex64 complex128 complex256 object object_ bytes bytes_ str str_ unicode void datetime64 timedelta64 bfloat16 float8_e4m3fn float8_e5m2 float8_e4m3fnuz float8_e5m2fnuz float8_e4m3b11fnuz float8_e3m4 float8_e4m3 float8_e8m0fnu float6_e2m3fn float6_e3m2fn float4_e2m1fn int1 int2 int4 uint1 uint2 uint4 complex32 bcomplex32"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --value)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --values-from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "string float64" -- "${cur}"))
                    return 0
                    ;;
                --rtol)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --atol)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --casting)
                    COMPREPLY=($(compgen -W "no equiv safe same_kind unsafe lossless" -- "${cur}"))
                    return 0
                    ;;
                --max-bytes)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table plain json" -- "${cur}"))
                    return 0
                    ;;
                --platform)
                    COMPREPLY=($(compgen -W "linux-x86_64 linux-aarch64 macos-arm64 windows-x86_64" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --units)
                    COMPREPLY=($(compgen -W "si iec" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        npmem__subcmd__completions)
            opts="-h -V --platform --color --units --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --platform)
                    COMPREPLY=($(compgen -W "linux-x86_64 linux-aarch64 macos-arm64 windows-x86_64" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --units)
                    COMPREPLY=($(compgen -W "si iec" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        npmem__subcmd__estimate)
            opts="-d -t -h -V --dtype --ram --budget --temporaries --bytes --tensors --as --chunks --chunk-size --previous-chunks --workers --threads-per-worker --worker-memory --chunks-in-flight --worker-reserve --model --context --batch --kv-dtype --dtypes --device-memory --gpus --train --precision --seq --checkpointing --lora-rank --lora-targets --zero --format --json --platform --color --units --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --dtype)
                    COMPREPLY=($(compgen -W "bool bool_ byte ubyte short ushort intc uintc long ulong longlong ulonglong intp uintp int int_ uint int8 int16 int32 int64 uint8 uint16 uint32 uint64 half single double float longdouble float16 float32 float64 float128 csingle cdouble complex clongdouble complex64 complex128 complex256 object object_ bytes bytes_ str str_ unicode void datetime64 timedelta64 bfloat16 float8_e4m3fn float8_e5m2 float8_e4m3fnuz float8_e5m2fnuz float8_e4m3b11fnuz float8_e3m4 float8_e4m3 float8_e8m0fnu float6_e2m3fn float6_e3m2fn float4_e2m1fn int1 int2 int4 uint1 uint2 uint4 complex32 bcomplex32" -- "${cur}"))
                    return 0
                    ;;
                -d)
                    COMPREPLY=($(compgen -W "bool bool_ byte ubyte short ushort intc uintc long ulong longlong ulonglong intp uintp int int_ uint int8 int16 int32 int64 uint8 uint16 uint32 uint64 half single double float longdouble float16 float32 float64 float128 csingle cdouble complex clongdouble complex64 complex128 complex256 object object_ bytes bytes_ str str_ unicode void datetime64 timedelta64 bfloat16 float8_e4m3fn float8_e5m2 float8_e4m3fnuz float8_e5m2fnuz float8_e4m3b11fnuz float8_e3m4 float8_e4m3 float8_e8m0fnu float6_e2m3fn float6_e3m2fn float4_e2m1fn int1 int2 int4 uint1 uint2 uint4 complex32 bcomplex32" -- "${cur}"))
                    return 0
                    ;;
                --ram)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --budget)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --temporaries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -t)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --as)
                    COMPREPLY=($(compgen -W "bool bool_ byte ubyte short ushort intc uintc long ulong longlong ulonglong intp uintp int int_ uint int8 int16 int32 int64 uint8 uint16 uint32 uint64 half single double float longdouble float16 float32 float64 float128 csingle cdouble complex clongdouble complex64 complex128 complex256 object object_ bytes bytes_ str str_ unicode void datetime64 timedelta64 bfloat16 float8_e4m3fn float8_e5m2 float8_e4m3fnuz float8_e5m2fnuz float8_e4m3b11fnuz float8_e3m4 float8_e4m3 float8_e8m0fnu float6_e2m3fn float6_e3m2fn float4_e2m1fn int1 int2 int4 uint1 uint2 uint4 complex32 bcomplex32" -- "${cur}"))
                    return 0
                    ;;
                --chunks)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --chunk-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --previous-chunks)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --workers)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --threads-per-worker)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --worker-memory)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --chunks-in-flight)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --worker-reserve)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --batch)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kv-dtype)
                    COMPREPLY=($(compgen -W "bool bool_ byte ubyte short ushort intc uintc long ulong longlong ulonglong intp uintp int int_ uint int8 int16 int32 int64 uint8 uint16 uint32 uint64 half single double float longdouble float16 float32 float64 float128 csingle cdouble complex clongdouble complex64 complex128 complex256 object object_ bytes bytes_ str str_ unicode void datetime64 timedelta64 bfloat16 float8_e4m3fn float8_e5m2 float8_e4m3fnuz float8_e5m2fnuz float8_e4m3b11fnuz float8_e3m4 float8_e4m3 float8_e8m0fnu float6_e2m3fn float6_e3m2fn float4_e2m1fn int1 int2 int4 uint1 uint2 uint4 complex32 bcomplex32" -- "${cur}"))
                    return 0
                    ;;
                --dtypes)
                    COMPREPLY=($(compgen -W "bool bool_ byte ubyte short ushort intc uintc long ulong longlong ulonglong intp uintp int int_ uint int8 int16 int32 int64 uint8 uint16 uint32 uint64 half single double float longdouble float16 float32 float64 float128 csingle cdouble complex clongdouble complex64 complex128 complex256 object object_ bytes bytes_ str str_ unicode void datetime64 timedelta64 bfloat16 float8_e4m3fn float8_e5m2 float8_e4m3fnuz float8_e5m2fnuz float8_e4m3b11fnuz float8_e3m4 float8_e4m3 float8_e8m0fnu float6_e2m3fn float6_e3m2fn float4_e2m1fn int1 int2 int4 uint1 uint2 uint4 complex32 bcomplex32" -- "${cur}"))
                    return 0
                    ;;
                --device-memory)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --gpus)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --train)
                    COMPREPLY=($(compgen -W "adam adamw sgd adafactor adam8bit" -- "${cur}"))
                    return 0
                    ;;
                --precision)
                    COMPREPLY=($(compgen -W "fp32 mixed-bf16 mixed-fp16" -- "${cur}"))
                    return 0
                    ;;
                --seq)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lora-rank)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lora-targets)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --zero)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table plain json" -- "${cur}"))
                    return 0
                    ;;
                --platform)
                    COMPREPLY=($(compgen -W "linux-x86_64 linux-aarch64 macos-arm64 windows-x86_64" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --units)
                    COMPREPLY=($(compgen -W "si iec" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        npmem__subcmd__finfo)
            opts="-h -V --shape --exact --format --json --platform --color --units --help --version bool bool_ byte ubyte short ushort intc uintc long ulong longlong ulonglong intp uintp int int_ uint int8 int16 int32 int64 uint8 uint16 uint32 uint64 half single double float longdouble float16 float32 float64 float128 csingle cdouble complex clongdouble complex64 complex128 complex256 object object_ bytes bytes_ str str_ unicode void datetime64 timedelta64 bfloat16 float8_e4m3fn float8_e5m2 float8_e4m3fnuz float8_e5m2fnuz float8_e4m3b11fnuz float8_e3m4 float8_e4m3 float8_e8m0fnu float6_e2m3fn float6_e3m2fn float4_e2m1fn int1 int2 int4 uint1 uint2 uint4 complex32 bcomplex32"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --shape)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table plain json repr str" -- "${cur}"))
                    return 0
                    ;;
                --platform)
                    COMPREPLY=($(compgen -W "linux-x86_64 linux-aarch64 macos-arm64 windows-x86_64" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --units)
                    COMPREPLY=($(compgen -W "si iec" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        npmem__subcmd__help)
            opts="estimate finfo cast-check peak completions man help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        npmem__subcmd__help__subcmd__cast__subcmd__check)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        npmem__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        npmem__subcmd__help__subcmd__estimate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        npmem__subcmd__help__subcmd__finfo)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        npmem__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        npmem__subcmd__help__subcmd__man)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        npmem__subcmd__help__subcmd__peak)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        npmem__subcmd__man)
            opts="-h -V --platform --color --units --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --platform)
                    COMPREPLY=($(compgen -W "linux-x86_64 linux-aarch64 macos-arm64 windows-x86_64" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --units)
                    COMPREPLY=($(compgen -W "si iec" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        npmem__subcmd__peak)
            opts="-c -h -V --set --ram --budget --top --format --json --platform --color --units --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                -c)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --set)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ram)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --budget)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --top)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table plain json" -- "${cur}"))
                    return 0
                    ;;
                --platform)
                    COMPREPLY=($(compgen -W "linux-x86_64 linux-aarch64 macos-arm64 windows-x86_64" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --units)
                    COMPREPLY=($(compgen -W "si iec" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _npmem -o nosort -o bashdefault -o default npmem
else
    complete -F _npmem -o bashdefault -o default npmem
fi
