_base_ = '../_base_/schedule.py'
scheduler = dict(_delete_=True, type='Poly')
