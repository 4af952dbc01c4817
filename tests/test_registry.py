import pytest

from mmocr.registry import MODELS, Registry, build_from_cfg


def make_registry():
    reg = Registry('toy')

    @reg.register_module()
    class Adder:
        def __init__(self, a: int, b: int = 1):
            self.total = a + b

    @reg.register_module(name=['Mul', 'Times'])
    class Multiplier:
        def __init__(self, a: int, b: int = 2):
            self.total = a * b

    return reg, Adder


def test_build_with_default_args_and_aliases():
    reg, adder_cls = make_registry()
    obj = build_from_cfg(dict(type='Adder', a=2), reg, default_args=dict(b=5))
    assert isinstance(obj, adder_cls) and obj.total == 7
    # cfg wins over default_args
    assert build_from_cfg(dict(type='Adder', a=2, b=1), reg, dict(b=5)).total == 3
    assert build_from_cfg(dict(type='Times', a=3), reg).total == 6
    assert build_from_cfg(dict(type=adder_cls, a=1), reg).total == 2
    assert len(reg) == 3 and 'Mul' in reg


def test_scope_prefix_resolves_to_own_implementation():
    reg, adder_cls = make_registry()
    assert reg.get('mmdet.Adder') is adder_cls
    assert reg.get('mmcv.Adder') is adder_cls
    assert reg.get('unknownscope.Adder') is None


def test_unknown_type_names_registry_and_suggests():
    reg, _ = make_registry()
    with pytest.raises(KeyError, match=r'"Addr" is not registered in registry '
                       r'"toy"\. Did you mean: Adder'):
        build_from_cfg(dict(type='Addr', a=1), reg)


def test_missing_type_and_bad_args():
    reg, _ = make_registry()
    with pytest.raises(KeyError, match='no "type" key'):
        build_from_cfg(dict(a=1), reg)
    with pytest.raises(TypeError, match=r'Adder \(registry "toy"\).*c'):
        build_from_cfg(dict(type='Adder', a=1, c=3), reg)
    with pytest.raises(TypeError, match='cfg must be a dict'):
        build_from_cfg(['Adder'], reg)


def test_duplicate_registration_needs_force():
    reg, _ = make_registry()
    with pytest.raises(KeyError, match='already registered'):
        reg.register_module(name='Adder', module=dict)
    reg.register_module(name='Adder', module=dict, force=True)
    assert reg.get('Adder') is dict


def test_model_subregistries_are_one_registry():
    from mmocr import registry
    assert registry.BACKBONES is MODELS and registry.DETECTORS is MODELS
    assert registry.LOSSES is MODELS and registry.RECOGNIZERS is MODELS
