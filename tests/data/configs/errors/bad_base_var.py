_base_ = '../_base_/schedule.py'
opt = {{_base_.optimiser}}
